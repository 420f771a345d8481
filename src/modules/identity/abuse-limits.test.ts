import { CredentialPrefix, generateCredential } from '../../auth/credential-token';
import {
  InviteMemberDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  SendAuditDigestNowDocument,
  SignInDocument,
  SignUpDocument,
  UpdateAuditDigestDocument,
  ViewerSessionsDocument,
} from '../../testing/generated/graphql';
import { TEST_PASSWORD, createOrganization, createUser, createWorkspace } from '../../testing/fixtures';
import { errorCode, startTestApp, uniqueEmail, type TestApp } from '../../testing/test-app';

describe('abuse limits of anonymous account operations', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      worker: true,
      env: { API_KEY_UNKNOWN_LIMIT_PER_IP: '3', TRUST_PROXY: 'none', SIGN_IN_LIMIT_PER_EMAIL: '5', SIGN_UP_LIMIT_PER_IP: '5', INVITATION_LIMIT_PER_WORKSPACE: '3', RESET_PASSWORD_LIMIT_PER_IP: '2', PASSWORD_RESET_MAIL_LIMIT_PER_EMAIL: '2', PASSWORD_RESET_MAIL_LIMIT_PER_IP: '4' },
    });
  });
  afterAll(() => app.stop());

  it('evaluates at most the limit of 40 concurrent wrong passwords for one email', async () => {
    const person = await createUser(app, 'target');
    const attempts = await Promise.all(Array.from({ length: 40 }, () => app.request(SignInDocument, { input: { email: person.email, password: 'wrong password guess' } })));
    const codes = attempts.map(errorCode);
    expect(codes.filter((code) => code === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(35);
    // Even the right password is refused until the window passes.
    expect(errorCode(await app.request(SignInDocument, { input: { email: person.email, password: TEST_PASSWORD } }))).toBe('RATE_LIMITED');
  });

  it('limits mail: reset mails per address and per IP (answered like sent ones), on-demand digests and new invitations per workspace', async () => {
    const person = await createUser(app, 'mailbox');
    for (let asked = 0; asked < 5; asked++) {
      const answer = await app.request(RequestPasswordResetDocument, { input: { email: person.email } });
      expect(answer).toEqual({ status: 200, data: { requestPasswordReset: { accepted: true } } });
    }
    const [{ count }] = await app.infra.dataSource.query('SELECT count(*)::int AS count FROM password_reset_token WHERE user_id = $1', [person.id]);
    expect(count).toBe(2);
    // The IP's limit (4) is now spent by those 5 requests: another address gets the same answer and no mail.
    const other = await app.request(RequestPasswordResetDocument, { input: { email: uniqueEmail('nobody') } });
    expect(other.data?.requestPasswordReset.accepted).toBe(true);

    const organizationId = await createOrganization(app, person);
    const workspace = await createWorkspace(app, person, organizationId);
    const digest = { workspaceId: workspace.id, enabled: true, frequency: 'DAILY' as const, hourUTC: 8, includeRiskLevels: ['HIGH' as const], recipients: [uniqueEmail('outside')] };
    await app.ok(UpdateAuditDigestDocument, { input: digest }, { token: person.token });
    for (let sent = 0; sent < 3; sent++) await app.ok(SendAuditDigestNowDocument, { input: { workspaceId: workspace.id } }, { token: person.token });
    const fourth = await app.request(SendAuditDigestNowDocument, { input: { workspaceId: workspace.id } }, { token: person.token });
    expect(fourth.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });

    const invite = () => app.request(InviteMemberDocument, { input: { workspaceId: workspace.id, email: uniqueEmail('invitee'), role: 'VIEWER' } }, { token: person.token });
    for (let sent = 0; sent < 3; sent++) expect(errorCode(await invite())).toBe('OK');
    expect((await invite()).errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    app.clock.advance(3600_000);
    expect(errorCode(await invite())).toBe('OK');
  });

  it('believes X-Forwarded-For only from the proxies TRUST_PROXY names (none here)', async () => {
    const person = await createUser(app, 'forwarded');
    const forged = { headers: { 'x-forwarded-for': '203.0.113.7' } };
    const { signIn } = await app.ok(SignInDocument, { input: { email: person.email, password: TEST_PASSWORD } }, forged);
    const { viewer } = await app.ok(ViewerSessionsDocument, {}, { token: signIn.token });
    expect(viewer.sessions.map((session) => session.ip)).toEqual(['127.0.0.1', '127.0.0.1']);
  });

  it('answers RATE_LIMITED to a client presenting too many unknown (well-formed) keys', async () => {
    const codes = [];
    for (let n = 0; n < 4; n++) codes.push(errorCode(await app.request(ViewerSessionsDocument, {}, { token: generateCredential(CredentialPrefix.PersonalApiKey) })));
    expect(codes).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED', 'UNAUTHENTICATED', 'RATE_LIMITED']);
  });

  it('limits sign-ups and password resets per IP before hashing', async () => {
    // The tests above signed up three people from this IP; two more are allowed.
    await app.ok(SignUpDocument, { input: { email: uniqueEmail('one'), password: TEST_PASSWORD, name: 'One' } });
    await app.ok(SignUpDocument, { input: { email: uniqueEmail('two'), password: TEST_PASSWORD, name: 'Two' } });
    const refused = await app.request(SignUpDocument, { input: { email: uniqueEmail('three'), password: TEST_PASSWORD, name: 'Three' } });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });

    const reset = (token: string) => app.request(ResetPasswordDocument, { input: { token, newPassword: 'a brand new password' } });
    const guess = `gtr_${'a'.repeat(40)}`;
    expect(errorCode(await reset(guess))).not.toBe('RATE_LIMITED');
    expect(errorCode(await reset(guess))).not.toBe('RATE_LIMITED');
    expect(errorCode(await reset(guess))).toBe('RATE_LIMITED');
  });
});
