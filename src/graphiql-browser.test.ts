import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createOrganization, createUser, createWorkspace, TEST_PASSWORD } from './testing/fixtures';
import { InviteMemberDocument, OrganizationDocument, RequestPasswordResetDocument, SignInDocument } from './testing/generated/graphql';
import { spawnApp, type SpawnedApp } from './testing/spawn-app';
import { startTestApp, testEnv, uniqueEmail, type TestApp } from './testing/test-app';

/**
 * GraphiQL and the two account pages in the system Chromium, against a real API process (Ruru loads
 * its assets with a dynamic import(), which Jest cannot run in-process). An in-process app with a
 * worker on the same database and Redis prefix delivers the mail whose links the browser follows.
 */
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT_DIR = path.resolve(__dirname, '..', '.data', 'test-output');

describe('in a real browser', () => {
  // A real Chromium rendering GraphiQL's editors beside another test file on a 2-core machine: one CI run
  // took over 30 s for the first page (4.9 s alone).
  jest.setTimeout(90_000);
  let app: TestApp;
  let api: SpawnedApp;
  let origin: string;
  let profileDir: string;
  let browser: BrowserContext;
  let page: Page;
  const outsideRequests: string[] = [];

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    api = await spawnApp(testEnv({ DATABASE_URL: app.infra.databaseUrl, REDIS_PREFIX: app.infra.config.redisPrefix }));
    origin = new URL(api.url).origin;
    profileDir = await mkdtemp(path.join(tmpdir(), 'gatehouse-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      viewport: { width: 1280, height: 800 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    browser.on('request', (request) => {
      const url = new URL(request.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.hostname !== '127.0.0.1') outsideRequests.push(request.url());
    });
    page = browser.pages()[0] ?? (await browser.newPage());
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await rm(profileDir, { recursive: true, force: true });
    await api?.stop();
    await app?.stop();
  });

  afterEach(() => {
    // Everything, GraphiQL's editor and fonts included, comes from this machine.
    expect(outsideRequests).toEqual([]);
  });

  /** A mailed link, pointed at the spawned process (mail links carry the test PUBLIC_URL). */
  const mailedLink = async (to: string, pattern: RegExp) => {
    const mail = await app.smtp!.waitFor((message) => message.to.includes(to));
    const link = new URL(mail.text.match(pattern)![0]);
    return `${origin}${link.pathname}${link.search}`;
  };

  it('signs up in GraphiQL, sends the token from the Headers tab and shows the viewer', async () => {
    await page.goto(api.url);
    await page.waitForSelector('.graphiql-execute-button');
    expect(await page.title()).toBe('Gatehouse GraphQL explorer');
    expect(await page.locator('.graphiql-tab-button').allInnerTexts()).toEqual(['SignUp', 'Viewer', 'CreateOrganization', 'CreateWorkspace', 'CreateWorkspaceApiKey']);
    // The button renders before the editor holds the tab's document: executing earlier sends nothing.
    await page.locator('.graphiql-query-editor').filter({ hasText: 'signUp(input:' }).waitFor({ timeout: 60_000 });

    const [signUpResponse] = await Promise.all([
      page.waitForResponse((response) => response.url() === api.url && Boolean(response.request().postData()?.includes('signUp'))),
      page.click('.graphiql-execute-button'),
    ]);
    const token = ((await signUpResponse.json()) as { data: { signUp: { token: string } } }).data.signUp.token;
    expect(token).toMatch(/^gts_/);
    await page.locator('.graphiql-response').getByText(token).waitFor();

    await page.getByRole('button', { name: 'Viewer', exact: true }).click();
    await page.getByRole('button', { name: 'Headers', exact: true }).click();
    await page.locator('.graphiql-editor-tool .monaco-editor').last().click();
    // insertText, not typing: the editor would add a closing brace and quotes of its own.
    await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${token}` }));
    await page.click('.graphiql-execute-button');
    const response = page.locator('.graphiql-response');
    await response.getByText('"ada@example.com"').waitFor();
    expect(await response.innerText()).toMatch(/"current":\s*true/);

    await mkdir(OUTPUT_DIR, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'graphiql-viewer.png') });
  });

  it('shows the REST reference page from npm assets, every documented path on it, and Try it out reaches the API', async () => {
    const origin = new URL(api.url).origin;
    const documented = (await (await fetch(`${origin}/openapi.json`)).json()) as { paths: Record<string, object> };
    await page.goto(`${origin}/api`);
    await page.locator('.opblock').first().waitFor();
    expect(await page.title()).toBe('Gatehouse settings API');
    expect(await page.locator('.opblock').count()).toBe(Object.values(documented.paths).flatMap(Object.keys).length);

    const getWorkspace = page.locator('.opblock').filter({ has: page.locator('.opblock-summary-path', { hasText: /^\/workspace$/ }) }).filter({ has: page.locator('.opblock-summary-method', { hasText: 'GET' }) });
    await getWorkspace.locator('.opblock-summary').click();
    await getWorkspace.getByRole('button', { name: 'Try it out' }).click();
    await getWorkspace.getByRole('button', { name: 'Execute' }).click();
    // No credential given: the API's own answer, 401, shows on the page.
    await getWorkspace.locator('.live-responses-table .response-col_status').getByText('401').waitFor();
    await page.screenshot({ path: path.join(OUTPUT_DIR, 'rest-reference.png') });
  });

  it('chooses a new password on the page the reset mail links to', async () => {
    const email = 'ada@example.com';
    await app.ok(RequestPasswordResetDocument, { input: { email } });
    await page.goto(await mailedLink(email, /http:\/\/\S+\/reset-password\?token=\S+/));
    await page.fill('#newPassword', 'a brand new passphrase');
    await page.click('button[type=submit]');
    await page.getByText('Your password is changed').waitFor();
    await app.ok(SignInDocument, { input: { email, password: 'a brand new passphrase' } });
  });

  it('accepts an invitation on its page, by signing up or by signing in', async () => {
    const owner = await createUser(app, 'owner');
    const organizationId = await createOrganization(app, owner, 'Invited Ltd');
    const workspace = await createWorkspace(app, owner, organizationId);
    const existing = await createUser(app, 'existing');
    const newcomer = uniqueEmail('newcomer');

    const accept = async (email: string, fill: () => Promise<void>) => {
      await app.ok(InviteMemberDocument, { input: { workspaceId: workspace.id, email, role: 'EDITOR' } }, { token: owner.token });
      await page.goto(await mailedLink(email, /http:\/\/\S+\/invitations\/\S+/));
      await fill();
      await page.getByText('Invitation accepted').waitFor();
      const { signIn } = await app.ok(SignInDocument, { input: { email, password: TEST_PASSWORD } });
      // Only a member of the organization can read it.
      expect((await app.ok(OrganizationDocument, { id: organizationId }, { token: signIn.token })).organization.id).toBe(organizationId);
    };

    await accept(newcomer, async () => {
      await page.fill('#signUpName', 'Grace');
      await page.fill('#signUpEmail', newcomer);
      await page.fill('#signUpPassword', TEST_PASSWORD);
      await page.click('#sign-up button');
    });
    await accept(existing.email, async () => {
      await page.fill('#signInEmail', existing.email);
      await page.fill('#signInPassword', TEST_PASSWORD);
      await page.click('#sign-in button');
    });
  });
});
