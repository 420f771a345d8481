import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { startTestApp, type TestApp } from '../testing/test-app';
import { DEMO_OWNER_EMAIL, DEMO_PASSWORD, seedDemo } from './seed';

describe('npm run seed', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Its own database: the demo uses fixed addresses and slugs.
    app = await startTestApp({ ownDatabase: true });
  });
  afterAll(() => app.stop());

  it('creates a usable demo organization once, and changes nothing when run again', async () => {
    const first = await seedDemo(app.infra);
    expect(first.created).toBe(true);
    const output = first.lines.join('\n');
    const secret = (prefix: string) => output.match(new RegExp(`${prefix}_[0-9A-Za-z]+`))?.[0];

    // The printed secrets work, each sent the way the output says.
    const post = (headers: Record<string, string>) =>
      fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ viewer { email organizations { name workspaces { slug viewerRole } } } }' }) }).then((response) => response.json() as Promise<{ data: { viewer: { email: string; organizations: Array<{ name: string; workspaces: Array<{ slug: string }> }> } } }>);
    const viewer = await post({ authorization: `Bearer ${secret('dlt')}` });
    expect(viewer.data.viewer).toMatchObject({ email: DEMO_OWNER_EMAIL, organizations: [{ name: 'Acme Robotics' }] });
    expect(viewer.data.viewer.organizations[0].workspaces.map((workspace) => workspace.slug).sort()).toEqual(['acme-production', 'acme-staging']);
    expect((await post({ authorization: `Bearer ${secret('gts')}` })).data.viewer.email).toBe(DEMO_OWNER_EMAIL);
    const appCredential = output.match(/(app_[0-9a-f]+):(gta_[0-9A-Za-z]+)/)!;
    expect((await post({ authorization: `Basic ${Buffer.from(`${appCredential[1]}:${appCredential[2]}`).toString('base64')}` })).data.viewer.email).toBe(DEMO_OWNER_EMAIL);
    const workspace = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': secret('gtw')! },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(workspace.status).toBe(200);
    expect(output).toContain(DEMO_PASSWORD);

    // Audit history reaches back about six months.
    const events = await app.infra.dataSource.getRepository(AuditEventEntity).find({ select: { occurredAt: true } });
    const oldest = Math.min(...events.map((event) => event.occurredAt.getTime()));
    expect(Date.now() - oldest).toBeGreaterThan(170 * 24 * 3600_000);
    expect(events.length).toBeGreaterThan(40);

    const second = await seedDemo(app.infra);
    expect(second.created).toBe(false);
    expect(await app.infra.dataSource.getRepository(AuditEventEntity).count()).toBe(events.length);
  });
});
