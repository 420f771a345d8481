import { SignUpDocument } from '../testing/generated/graphql';
import { TEST_PASSWORD } from '../testing/fixtures';
import { startTestApp, uniqueEmail, type TestApp } from '../testing/test-app';

describe('queue dashboard at /admin/queues', () => {
  const operatorEmail = uniqueEmail('operator');
  let app: TestApp;
  let base: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { OPERATOR_EMAILS: `someone@example.com, ${operatorEmail.toUpperCase()}` } });
    base = app.url.replace(/\/graphql$/, '/admin/queues');
  });
  afterAll(() => app.stop());

  const signUp = async (email: string) => (await app.ok(SignUpDocument, { input: { email, password: TEST_PASSWORD, name: 'Person' } })).signUp.token;

  it('is not there for anyone but an operator with a session', async () => {
    const person = await signUp(uniqueEmail());
    for (const headers of [{} as Record<string, string>, { authorization: `Bearer ${person}` }, { cookie: `gatehouse_operator_session=${person}` }]) {
      expect((await fetch(base, { headers })).status).toBe(404);
      expect((await fetch(`${base}/api/queues`, { headers })).status).toBe(404);
    }
    expect((await fetch(`${base}/session`, { method: 'POST', headers: { authorization: `Bearer ${person}` } })).status).toBe(404);
  });

  it('shows every queue to an operator, by bearer token or by the cookie its sign-in step sets', async () => {
    const operator = await signUp(operatorEmail);
    const page = await fetch(base, { headers: { authorization: `Bearer ${operator}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Gatehouse queues');

    const session = await fetch(`${base}/session`, { method: 'POST', headers: { authorization: `Bearer ${operator}` } });
    expect(session.status).toBe(204);
    const cookie = session.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    const queues = await fetch(`${base}/api/queues`, { headers: { cookie: cookie.split(';')[0] } });
    expect(queues.status).toBe(200);
    const names = ((await queues.json()) as { queues: Array<{ name: string }> }).queues.map((queue) => queue.name).sort();
    expect(names).toEqual(['digest', 'email', 'maintenance', 'notifications']);
  });
});
