import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AccessRole, API_KEY_SCOPES, levelOf } from '../auth/permissions';
import { buildModulesSchema } from '../services';
import { createTenant, createWorkspace, type TestUser } from '../testing/fixtures';
import { restClient, type RestAnswer, type RestCall } from '../testing/rest-client';
import { startStripeStandIn } from '../testing/stripe-stand-in';
import { startTestApp, type TestApp } from '../testing/test-app';
import { auditEvents, workspaceKey } from '../testing/workspace-admin-helpers';
import { routeAccess } from './openapi';
import { compileRoutes, type CompiledRoute } from './rest-routes';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A request each route accepts from a caller allowed to make it (ids need not exist: refusals come first). */
function samples(viewerId: string): Record<string, { params?: Record<string, string>; body?: unknown }> {
  return {
    'GET /workspace': {},
    'PUT /workspace': { body: { name: 'Renamed', description: '', dataRetentionDays: 90, seatLimit: 50, slug: 'ignored-by-refusal', region: 'eu-west-1' } },
    'GET /workspace/environments': {},
    'PUT /workspace/environments': { body: { names: ['production', 'staging'] } },
    'GET /workspace/members': {},
    'POST /workspace/members': { body: { email: 'new@example.com', role: 'VIEWER' } },
    'PUT /workspace/members/{userId}': { params: { userId: viewerId }, body: { role: 'EDITOR' } },
    'DELETE /workspace/members/{userId}': { params: { userId: viewerId } },
    'POST /workspace/members/{userId}/erase': { params: { userId: viewerId } },
    'GET /workspace/api-keys': {},
    'POST /workspace/api-keys': { body: { name: 'ci', scopes: ['workspace:read'] } },
    'DELETE /workspace/api-keys/{keyId}': { params: { keyId: randomUUID() } },
    'GET /workspace/notifications': {},
    'PUT /workspace/notifications': { body: { events: [{ eventType: 'RUN_FAILED', channels: ['EMAIL'] }] } },
    'GET /workspace/audit-digest': {},
    'PUT /workspace/audit-digest': {
      body: { enabled: true, frequency: 'WEEKLY', dayOfWeek: 1, dayOfMonth: null, hourUTC: 9, includeRiskLevels: ['HIGH'], recipients: ['security@example.com'] },
    },
    'GET /settings/model-integrations': {},
    'POST /settings/model-integrations': { body: { provider: 'ANTHROPIC', name: 'Claude', credential: 'sk-ant-0123456789' } },
    'PATCH /settings/model-integrations/{id}': { params: { id: randomUUID() }, body: { name: 'Renamed' } },
    'DELETE /settings/model-integrations/{id}': { params: { id: randomUUID() } },
    'POST /secrets/{id}/reveal': { params: { id: randomUUID() }, body: { reason: 'incident 42' } },
    'GET /billing/summary': {},
    'POST /billing/portal': { body: { returnUrl: 'https://app.example.com/settings/billing' } },
  };
}

const concrete = (template: string, params: Record<string, string> = {}): string => template.replace(/\{(\w+)\}/g, (_, name: string) => params[name]);

describe('REST paths (seed 003)', () => {
  let app: TestApp;
  let stripe: Awaited<ReturnType<typeof startStripeStandIn>>;
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let rest: ReturnType<typeof restClient>;
  let routes: CompiledRoute[];
  let slug: string;
  /** Every scope: what a key can reach is then decided by the route's own row. */
  let fullKey: string;
  let readKey: string;

  beforeAll(async () => {
    stripe = await startStripeStandIn();
    app = await startTestApp({
      env: { STRIPE_API_BASE: stripe.url, STRIPE_SECRET_KEY: 'sk_test_gatehouse_standin', BILLING_RETURN_ORIGINS: 'https://app.example.com', SECRET_REVEAL_LIMIT_PER_HOUR: '3' },
    });
    tenant = await createTenant(app);
    slug = tenant.workspace.slug;
    rest = restClient(app.url);
    routes = compileRoutes(await buildModulesSchema(), app.contributions.restRoutes);
    fullKey = (await workspaceKey(app, tenant.owner, tenant.workspace.id, [...API_KEY_SCOPES])).headers['x-api-key'];
    readKey = (await workspaceKey(app, tenant.owner, tenant.workspace.id, ['runs:read'])).headers['x-api-key'];
  });

  afterAll(async () => {
    await app.stop();
    await stripe.stop();
  });

  describe('which workspace', () => {
    it('a workspace key names its own; a person names it by slug under /w/{slug}', async () => {
      const byKey = await rest('GET', '/workspace', { apiKey: fullKey });
      expect(byKey.status).toBe(200);
      expect(byKey.body).toMatchObject({ id: tenant.workspace.id, slug });
      const byPerson = await rest('GET', `/w/${slug}/workspace`, { token: tenant.viewer.token });
      expect(byPerson.status).toBe(200);
      expect(byPerson.body).toEqual(byKey.body);
      // The slug form works for keys too.
      expect((await rest('GET', `/w/${slug}/workspace`, { apiKey: fullKey })).status).toBe(200);
    });

    it('a person without a slug is told how to name the workspace', async () => {
      const answer = await rest('GET', '/workspace', { token: tenant.viewer.token });
      expect(answer.status).toBe(400);
      expect(answer.body.error.fields).toEqual([{ field: 'slug', message: 'is required for a person' }]);
      expect(answer.body.error.message).toContain('/w/{slug}/');
      // Also where the path would give the workspace's organization (billing).
      const portal = await rest('POST', '/billing/portal', { token: tenant.owner.token, body: { returnUrl: 'https://app.example.com/settings/billing' } });
      expect(portal.status).toBe(400);
      expect(portal.body.error.fields).toEqual([{ field: 'slug', message: 'is required for a person' }]);
    });

    it("another workspace's slug, an unknown slug and a non-member are all 404", async () => {
      const other = await createWorkspace(app, tenant.owner, tenant.organizationId);
      expect((await rest('GET', `/w/${other.slug}/workspace`, { apiKey: fullKey })).status).toBe(404);
      expect((await rest('GET', `/w/${other.slug}/workspace`, { token: tenant.viewer.token })).status).toBe(404);
      expect((await rest('GET', '/w/no-such-workspace/workspace', { token: tenant.viewer.token })).body.error).toEqual({ code: 'NOT_FOUND', message: 'Workspace not found' });
      expect((await rest('GET', `/w/${slug}/workspace`, { token: tenant.outsider.token })).status).toBe(404);
      // Hostile slugs are answered like unknown ones, never as a server error.
      for (const hostile of ['%00', 'a%00b', 'x'.repeat(5000), "'%20OR%201=1--", 'UPPER']) {
        expect({ hostile: hostile.slice(0, 20), status: (await rest('GET', `/w/${hostile}/workspace`, { token: tenant.viewer.token })).status }).toEqual({ hostile: hostile.slice(0, 20), status: 404 });
      }
      for (const hostile of ['%00', 'x'.repeat(5000)]) {
        expect((await rest('DELETE', `/w/${slug}/workspace/members/${hostile}`, { token: tenant.admin.token })).status).toBe(400);
      }
      // A %-escape that is not UTF-8 cannot be decoded: 400 in the API's shape.
      for (const url of [`/w/%ED%A0%80/workspace`, `/w/${slug}/workspace/members/%ED%A0%80`, '/w/%E0%A4%A/workspace']) {
        const answer = await rest(url.includes('members') ? 'DELETE' : 'GET', url, { token: tenant.admin.token });
        expect({ url, status: answer.status, code: answer.body.error.code }).toEqual({ url, status: 400, code: 'BAD_REQUEST' });
      }
    });

    it('no credential is 401 with WWW-Authenticate, before any slug is looked up', async () => {
      for (const url of ['/workspace', `/w/${slug}/workspace`, '/w/no-such-workspace/workspace']) {
        const answer = await rest('GET', url);
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm="gatehouse"/);
      }
    });
  });

  describe("seed 003's troubleshooting", () => {
    it('PUT /workspace by an editor is 403 naming the admin role and the workspace:write scope', async () => {
      const answer = await rest('PUT', `/w/${slug}/workspace`, { token: tenant.editor.token, body: samples(tenant.viewer.id)['PUT /workspace'].body });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('FORBIDDEN');
      expect(answer.body.error.message).toContain('ADMIN');
      expect(answer.body.error.message).toContain('workspace:write');
    });

    it('a workspace key sent as Bearer is 401 with the x-api-key hint', async () => {
      const answer = await rest('GET', '/workspace', { token: fullKey });
      expect(answer.status).toBe(401);
      expect(answer.body.error.message).toBe('This credential was sent the wrong way: send workspace keys in the x-api-key header');
      expect(answer.headers.get('www-authenticate')).toContain('x-api-key header');
    });
  });

  describe('the authorization matrix, from the one permission table', () => {
    it('every route has a sample request here', () => {
      expect(routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(Object.keys(samples('')).sort());
    });

    it('people below the row are refused with the role named (403), people outside the workspace get 404', async () => {
      const people: Array<[TestUser, AccessRole | null]> = [
        [tenant.admin, AccessRole.ADMIN],
        [tenant.editor, AccessRole.EDITOR],
        [tenant.viewer, AccessRole.VIEWER],
        [tenant.outsider, null],
      ];
      const RANK: AccessRole[] = [AccessRole.VIEWER, AccessRole.EDITOR, AccessRole.ADMIN, AccessRole.ORG_OWNER];
      let refusals = 0;
      for (const route of routes) {
        const { role } = routeAccess(route.requirements);
        const sample = samples(tenant.viewer.id)[`${route.method} ${route.path}`];
        for (const [person, held] of people) {
          if (held && RANK.indexOf(held) >= RANK.indexOf(role)) continue; // allowed: exercised per path below
          const answer = await rest(route.method as Method, `/w/${slug}${concrete(route.path, sample.params)}`, { token: person.token, body: sample.body });
          // Outside the workspace it does not exist, unless the route only asks about the organization (billing).
          const expected = held || !route.requirements.some((requirement) => levelOf(requirement.requires) === 'workspace') ? 403 : 404;
          expect({ route: `${route.method} ${route.path}`, held, status: answer.status }).toEqual({ route: `${route.method} ${route.path}`, held, status: expected });
          if (expected === 403) expect(answer.body.error.message).toContain(role === AccessRole.ORG_OWNER ? 'owner' : role);
          refusals++;
        }
      }
      expect(refusals).toBeGreaterThan(40);
    });

    it('keys reach exactly the routes whose every field has a scope, and name a missing scope', async () => {
      for (const route of routes) {
        const { scopes } = routeAccess(route.requirements);
        const sample = samples(tenant.viewer.id)[`${route.method} ${route.path}`];
        const url = concrete(route.path, sample.params);
        const label = `${route.method} ${route.path}`;
        const limited = await rest(route.method as Method, url, { apiKey: readKey, body: sample.body });
        expect({ label, status: limited.status }).toEqual({ label, status: 403 });
        if (!scopes) {
          const full = await rest(route.method as Method, url, { apiKey: fullKey, body: sample.body });
          expect({ label, status: full.status }).toEqual({ label, status: 403 });
          expect(full.body.error.message).toMatch(/API key cannot/);
        } else {
          expect(limited.body.error.message).toContain(scopes[0]);
          // Reads are safe to make: a key with the scope gets the answer.
          if (route.method === 'GET') expect({ label, status: (await rest('GET', url, { apiKey: fullKey })).status }).toEqual({ label, status: 200 });
        }
      }
    });
  });

  describe('each path, by an allowed caller', () => {
    const at = (url: string) => `/w/${'$slug'}${url}`;
    const call = (method: Method, url: string, options: RestCall): Promise<RestAnswer> => rest(method, at(url).replace('$slug', slug), options);

    it('PUT /workspace replaces the section, audited with via rest; a missing or path field is 400 and changes nothing', async () => {
      const before = (await call('GET', '/workspace', { token: tenant.admin.token })).body;
      const full = { name: 'Production EU', description: 'Runs the EU agents', dataRetentionDays: before.dataRetentionDays, seatLimit: before.seatLimit, slug, region: before.region };

      const missing = await call('PUT', '/workspace', { token: tenant.admin.token, body: { ...full, seatLimit: undefined }, malformed: true });
      expect(missing.status).toBe(400);
      expect(missing.body.error.fields).toEqual([{ field: 'seatLimit', message: 'is required' }]);
      const pathField = await call('PUT', '/workspace', { token: tenant.admin.token, body: { ...full, workspaceId: tenant.workspace.id }, malformed: true });
      expect(pathField.body.error.fields).toEqual([{ field: 'workspaceId', message: 'comes from the path, not the body' }]);
      const wrongType = await call('PUT', '/workspace', { token: tenant.admin.token, body: { ...full, seatLimit: 'ten' }, malformed: true });
      expect(wrongType.body.error.fields).toEqual([{ field: 'seatLimit', message: 'must be an integer or null' }]);
      const immutable = await call('PUT', '/workspace', { token: tenant.admin.token, body: { ...full, slug: 'another-slug' } });
      expect(immutable.status).toBe(400);
      expect(immutable.body.error.fields.map((field: { field: string }) => field.field)).toEqual(['slug']);
      expect((await call('GET', '/workspace', { token: tenant.admin.token })).body).toEqual(before);

      const put = await call('PUT', '/workspace', { token: tenant.admin.token, body: full });
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ name: 'Production EU', description: 'Runs the EU agents', slug });
      expect((await call('GET', '/workspace', { token: tenant.viewer.token })).body).toEqual(put.body);
      const [event] = (await auditEvents(app, { workspaceId: tenant.workspace.id }, 'workspace.updated')).slice(-1);
      expect(event).toMatchObject({ actor_id: tenant.admin.id, via: 'rest' });
    });

    it('PUT /workspace by a key with workspace:write works without a slug', async () => {
      const current = (await rest('GET', '/workspace', { apiKey: fullKey })).body;
      const body = { name: 'By key', description: current.description, dataRetentionDays: current.dataRetentionDays, seatLimit: current.seatLimit, slug, region: current.region };
      const put = await rest('PUT', '/workspace', { apiKey: fullKey, body });
      expect(put.status).toBe(200);
      expect(put.body.name).toBe('By key');
    });

    it('environments: PUT sets the list by name, production is protected', async () => {
      const put = await call('PUT', '/workspace/environments', { token: tenant.admin.token, body: { names: ['staging', 'production', 'development'] } });
      expect(put.status).toBe(200);
      expect(put.body.environments.map((environment: { name: string }) => environment.name)).toEqual(['production', 'development', 'staging']);
      const again = await call('PUT', '/workspace/environments', { token: tenant.admin.token, body: { names: ['production', 'staging'] } });
      expect(again.body.environments.map((environment: { name: string }) => environment.name)).toEqual(['production', 'staging']);
      // staging kept its identity: only development was deleted.
      expect(again.body.environments[1].id).toBe(put.body.environments[2].id);
      const read = await call('GET', '/workspace/environments', { token: tenant.viewer.token });
      expect(read.body).toEqual(again.body);
      const withoutProduction = await call('PUT', '/workspace/environments', { token: tenant.admin.token, body: { names: ['staging'] } });
      expect(withoutProduction.status).toBe(409);
      expect(withoutProduction.body.error.reason).toBe('PRODUCTION_PROTECTED');
      const bad = await call('PUT', '/workspace/environments', { token: tenant.admin.token, body: { names: ['production', 'Not OK'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].field).toBe('names');
      expect((await call('GET', '/workspace/environments', { token: tenant.viewer.token })).body).toEqual(again.body);
    });

    it('members: invite (202), change a role, page through the list, remove (204)', async () => {
      const invited = await call('POST', '/workspace/members', { token: tenant.admin.token, body: { email: 'grace@example.com', role: 'EDITOR' } });
      expect(invited.status).toBe(202);
      expect(invited.body).toMatchObject({ email: 'grace@example.com', role: 'EDITOR', status: 'PENDING', workspaceId: tenant.workspace.id });

      const changed = await call('PUT', `/workspace/members/${tenant.viewer.id}`, { token: tenant.admin.token, body: { role: 'EDITOR' } });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ userId: tenant.viewer.id, role: 'EDITOR', user: { email: tenant.viewer.email } });
      await call('PUT', `/workspace/members/${tenant.viewer.id}`, { token: tenant.admin.token, body: { role: 'VIEWER' } });

      const seen: string[] = [];
      let next: string | null = `/w/${slug}/workspace/members?limit=1`;
      while (next) {
        const page: RestAnswer = await rest('GET', next, { token: tenant.viewer.token });
        expect(page.status).toBe(200);
        expect(page.body.data.length).toBeLessThanOrEqual(1);
        if (page.body.next) expect(page.headers.get('link')).toBe(`<${page.body.next}>; rel="next"`);
        seen.push(...page.body.data.map((member: { userId: string }) => member.userId));
        next = page.body.next;
      }
      expect(seen).toEqual([tenant.admin.id, tenant.editor.id, tenant.viewer.id]);
      expect((await call('GET', '/workspace/members?limit=0', { token: tenant.viewer.token })).body.error.fields).toEqual([{ field: 'limit', message: 'must be an integer from 1 to 200' }]);
      expect((await call('GET', '/workspace/members?cursor=nonsense', { token: tenant.viewer.token })).body.error.fields).toEqual([{ field: 'cursor', message: 'is not a cursor from this list' }]);
    });

    it('erase and remove members', async () => {
      const [leaving, erased] = [tenant.editor, tenant.viewer];
      const removed = await call('DELETE', `/workspace/members/${leaving.id}`, { token: tenant.admin.token });
      expect(removed.status).toBe(204);
      const erase = await call('POST', `/workspace/members/${erased.id}/erase`, { token: tenant.admin.token });
      expect(erase.status).toBe(200);
      expect(erase.body).toMatchObject({ workspaceId: tenant.workspace.id, membershipRemoved: true });
      const members = await call('GET', '/workspace/members', { token: tenant.admin.token });
      expect(members.body.data.map((member: { userId: string }) => member.userId)).toEqual([tenant.admin.id]);
      expect((await call('GET', '/workspace', { token: leaving.token })).status).toBe(404);
    });

    it('API keys: created (201, Location, the key once), listed masked, revoked (204) and then refused', async () => {
      const created = await call('POST', '/workspace/api-keys', { token: tenant.admin.token, body: { name: 'deploy bot', scopes: ['workspace:read'] } });
      expect(created.status).toBe(201);
      expect(created.body.key).toMatch(/^gtw_/);
      expect(created.headers.get('location')).toBe(`/w/${slug}/workspace/api-keys/${created.body.apiKey.id}`);
      expect((await rest('GET', '/workspace', { apiKey: created.body.key })).status).toBe(200);

      const listed = await call('GET', '/workspace/api-keys', { token: tenant.admin.token });
      const mine = listed.body.data.find((key: { id: string }) => key.id === created.body.apiKey.id);
      expect(mine).toMatchObject({ name: 'deploy bot', maskedKey: created.body.apiKey.maskedKey, status: 'ACTIVE' });
      expect(JSON.stringify(listed.body)).not.toContain(created.body.key);

      expect((await call('DELETE', `/workspace/api-keys/${created.body.apiKey.id}`, { token: tenant.admin.token })).status).toBe(204);
      expect((await rest('GET', '/workspace', { apiKey: created.body.key })).status).toBe(401);
      expect((await call('DELETE', `/workspace/api-keys/${randomUUID()}`, { token: tenant.admin.token })).status).toBe(404);
      const malformed = await call('DELETE', '/workspace/api-keys/not-an-id', { token: tenant.admin.token });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.fields.map((field: { field: string }) => field.field)).toEqual(['keyId']);
    });

    it('notifications and the audit digest: PUT replaces, GET reads back', async () => {
      const events = [
        { eventType: 'RUN_FAILED', channels: ['EMAIL', 'SLACK'] },
        { eventType: 'SECRET_ROTATED', channels: ['WEBHOOK'] },
      ];
      const put = await call('PUT', '/workspace/notifications', { token: tenant.admin.token, body: { events } });
      expect(put.status).toBe(200);
      const read = await call('GET', '/workspace/notifications', { token: tenant.admin.token });
      expect(read.body).toEqual(put.body);
      expect(read.body.events).toEqual(expect.arrayContaining(events));

      const digest = { enabled: true, frequency: 'MONTHLY', dayOfWeek: null, dayOfMonth: 3, hourUTC: 7, includeRiskLevels: ['HIGH', 'CRITICAL'], recipients: ['soc@example.com'] };
      const putDigest = await call('PUT', '/workspace/audit-digest', { token: tenant.admin.token, body: digest });
      expect(putDigest.status).toBe(200);
      expect(putDigest.body).toMatchObject(digest);
      expect((await call('GET', '/workspace/audit-digest', { token: tenant.admin.token })).body).toEqual(putDigest.body);
      const partial = await call('PUT', '/workspace/audit-digest', { token: tenant.admin.token, body: { enabled: false }, malformed: true });
      expect(partial.status).toBe(400);
      expect(partial.body.error.fields.map((field: { field: string }) => field.field).sort()).toEqual(['dayOfMonth', 'dayOfWeek', 'frequency', 'hourUTC', 'includeRiskLevels', 'recipients']);
    });

    it('model integrations: create (201), PATCH merges, reveal is audited and limited (429 + Retry-After), delete (204)', async () => {
      const created = await call('POST', '/settings/model-integrations', { token: tenant.owner.token, body: { provider: 'ANTHROPIC', name: 'Claude', credential: 'sk-ant-first-credential' } });
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      expect(created.headers.get('location')).toBe(`/w/${slug}/settings/model-integrations/${id}`);
      expect(created.body.maskedCredential).not.toContain('first-credential');

      const renamed = await call('PATCH', `/settings/model-integrations/${id}`, { token: tenant.owner.token, body: { name: 'Claude (prod)' } });
      expect(renamed.body).toMatchObject({ name: 'Claude (prod)', rotatedAt: null });
      const rotated = await call('PATCH', `/settings/model-integrations/${id}`, { token: tenant.owner.token, body: { credential: 'sk-ant-second-credential' } });
      expect(rotated.body).toMatchObject({ name: 'Claude (prod)' });
      expect(rotated.body.rotatedAt).not.toBeNull();
      expect((await call('PATCH', `/settings/model-integrations/${id}`, { token: tenant.owner.token, body: {} })).status).toBe(400);

      const revealed = await call('POST', `/secrets/${id}/reveal`, { token: tenant.owner.token, body: { reason: 'provider support ticket' } });
      expect(revealed.body).toEqual({ id, workspaceId: tenant.workspace.id, credential: 'sk-ant-second-credential' });
      const byKey = await rest('POST', `/secrets/${id}/reveal`, { apiKey: fullKey, body: { reason: 'sync to vault' } });
      expect(byKey.body.credential).toBe('sk-ant-second-credential');
      const accessed = await auditEvents(app, { workspaceId: tenant.workspace.id }, 'secret.accessed');
      expect(accessed.map((event) => [event.risk_level, event.via])).toEqual([
        ['HIGH', 'rest'],
        ['HIGH', 'rest'],
      ]);
      await call('POST', `/secrets/${id}/reveal`, { token: tenant.owner.token, body: { reason: 'again' } });
      await call('POST', `/secrets/${id}/reveal`, { token: tenant.owner.token, body: { reason: 'again' } });
      const limited = await call('POST', `/secrets/${id}/reveal`, { token: tenant.owner.token, body: { reason: 'once too often' } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

      expect((await call('DELETE', `/settings/model-integrations/${id}`, { token: tenant.owner.token })).status).toBe(204);
      expect((await call('GET', '/settings/model-integrations', { token: tenant.owner.token })).body).toEqual({ data: [], next: null });
    });

    it("billing: the organization's summary and a Stripe portal URL, for its owners", async () => {
      const summary = await call('GET', '/billing/summary', { token: tenant.owner.token });
      expect(summary.status).toBe(200);
      expect(summary.body.organizationId).toBe(tenant.organizationId);
      const portal = await call('POST', '/billing/portal', { token: tenant.owner.token, body: { returnUrl: 'https://app.example.com/settings/billing' } });
      expect(portal.status).toBe(200);
      expect(portal.body).toEqual({ organizationId: tenant.organizationId, url: expect.stringMatching(/^https:\/\/billing\.stripe\.test\/p\/session\/cus_/) });
    });
  });

  describe('HTTP', () => {
    it('a body that is not JSON is 400, one over the limit 413; neither reaches a service', async () => {
      const garbled = await rest('PUT', `/w/${slug}/workspace/environments`, { token: tenant.owner.token, body: '{"names": [', malformed: true });
      expect(garbled).toMatchObject({ status: 400, body: { error: { code: 'BAD_REQUEST', message: 'The body is not valid JSON' } } });
      const huge = await fetch(`${app.url.replace(/\/graphql$/, '')}/w/${slug}/workspace/environments`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.owner.token}` },
        body: JSON.stringify({ names: ['production', 'x'.repeat(1_100_000)] }),
      });
      expect(huge.status).toBe(413);
    });

    it('serves the OpenAPI document it was built from, and the reference page from npm assets', async () => {
      const base = app.url.replace(/\/graphql$/, '');
      const served = await (await fetch(`${base}/openapi.json`)).json();
      expect(served).toEqual(JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'openapi.json'), 'utf8')));
      const page = await fetch(`${base}/api`);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
      expect(assets).toEqual(['/api-assets/swagger-ui.css', '/api-assets/swagger-ui-bundle.js']);
      for (const asset of assets) expect((await fetch(`${base}${asset}`)).status).toBe(200);
    });
  });
});
