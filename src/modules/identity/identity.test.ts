import { Client } from 'pg';
import {
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  RevokeAllSessionsDocument,
  RevokeSessionDocument,
  SignInDocument,
  SignInWithSessionsDocument,
  SignOutDocument,
  SignUpDocument,
  SignUpWithSessionsDocument,
  UpdateProfileDocument,
  ViewerDocument,
  ViewerSessionsDocument,
} from '../../testing/generated/graphql';
import { CredentialPrefix, generateCredential } from '../../auth/credential-token';
import { startTestApp, uniqueEmail, type TestApp } from '../../testing/test-app';

const PASSWORD = 'correct horse battery staple';

describe('identity and sessions', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true, env: { SIGN_IN_LIMIT_PER_EMAIL: '3' } });
  });
  afterAll(() => app.stop());

  const signUp = async (email = uniqueEmail(), name = 'Ada Lovelace') => (await app.ok(SignUpDocument, { input: { email, password: PASSWORD, name } })).signUp;

  it('signs up, signs in and answers viewer with the session token', async () => {
    const email = uniqueEmail('ada');
    const created = await signUp(email);
    expect(created.viewer).toMatchObject({ name: 'Ada Lovelace', email, emailVerified: false });
    expect(created.token).toMatch(/^gts_/);
    expect(created.session.current).toBe(true);

    const { signIn } = await app.ok(SignInDocument, { input: { email: email.toUpperCase(), password: PASSWORD } });
    expect(signIn.viewer.id).toBe(created.viewer.id);
    const { viewer } = await app.ok(ViewerDocument, {}, { token: signIn.token });
    expect(viewer).toMatchObject({ id: created.viewer.id, email });
  });

  it('refuses a wrong password, an unknown email, and an anonymous viewer with UNAUTHENTICATED', async () => {
    const { viewer } = await signUp();
    const wrong = await app.request(SignInDocument, { input: { email: viewer.email, password: 'not the password' } });
    expect(wrong.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const unknown = await app.request(SignInDocument, { input: { email: uniqueEmail('ghost'), password: PASSWORD } });
    expect(unknown.errors?.[0]).toMatchObject({ message: wrong.errors?.[0].message, extensions: { code: 'UNAUTHENTICATED' } });
    const anonymous = await app.request(ViewerDocument);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a duplicate email, in any case, with CONFLICT', async () => {
    const email = uniqueEmail('dup');
    await signUp(email);
    const again = await app.request(SignUpDocument, { input: { email: email.toUpperCase(), password: PASSWORD, name: 'Other' } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'email' }] });
  });

  it('names the failing fields of bad input and creates nothing', async () => {
    const result = await app.request(SignUpDocument, { input: { email: 'not-an-email', password: 'short', name: '' } });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const fields = (result.errors?.[0].extensions?.fields as Array<{ field: string }>).map((f) => f.field).sort();
    expect(fields).toEqual(['email', 'name', 'password']);
    expect(result.errors?.[0].message).toContain('email');
    const rows = await app.infra.dataSource.query(`SELECT count(*)::int AS n FROM "user" WHERE email = 'not-an-email'`);
    expect(rows[0].n).toBe(0);
  });

  it('lists sessions per device with the current one flagged, and revokes one', async () => {
    const { viewer, token: first } = await signUp();
    const second = (await app.ok(SignInDocument, { input: { email: viewer.email, password: PASSWORD } }, { headers: { 'user-agent': 'PhoneApp/2.0' } })).signIn;
    const { viewer: listed } = await app.ok(ViewerSessionsDocument, {}, { token: first });
    expect(listed.sessions).toHaveLength(2);
    expect(listed.sessions.filter((s) => s.current)).toHaveLength(1);
    expect(listed.sessions.find((s) => s.id === second.session.id)?.userAgent).toBe('PhoneApp/2.0');

    await app.ok(RevokeSessionDocument, { input: { id: second.session.id } }, { token: first });
    const revoked = await app.request(ViewerDocument, {}, { token: second.token });
    expect(revoked.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(revoked.errors?.[0].message).toMatch(/signed out/);
  });

  it("answers NOT_FOUND for another person's session", async () => {
    const mine = await signUp();
    const theirs = await signUp();
    const result = await app.request(RevokeSessionDocument, { input: { id: theirs.session.id } }, { token: mine.token });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await app.ok(ViewerDocument, {}, { token: theirs.token });
  });

  it('signs every device out with revokeAllSessions', async () => {
    const { viewer, token } = await signUp();
    const other = (await app.ok(SignInDocument, { input: { email: viewer.email, password: PASSWORD } })).signIn.token;
    const { revokeAllSessions } = await app.ok(RevokeAllSessionsDocument, {}, { token });
    expect(revokeAllSessions.revokedCount).toBe(2);
    for (const stale of [token, other]) {
      expect((await app.request(ViewerDocument, {}, { token: stale })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it("answers the payload's viewer, sessions included, as the person just signed in", async () => {
    const email = uniqueEmail();
    const { signUp } = await app.ok(SignUpWithSessionsDocument, { input: { email, password: PASSWORD, name: 'Ada' } });
    expect(signUp.viewer.sessions).toEqual([{ id: signUp.session.id, current: true }]);
    const { signIn } = await app.ok(SignInWithSessionsDocument, { input: { email, password: PASSWORD } });
    expect(signIn.viewer.sessions).toHaveLength(2);
    expect(signIn.viewer.sessions.filter((session) => session.current)).toEqual([{ id: signIn.session.id, current: true }]);
  });

  it('tells a caller who sent a credential the wrong way how to send it', async () => {
    const { token } = await signUp();
    const messageFor = async (headers: Record<string, string>) => (await app.request(ViewerDocument, {}, { headers })).errors?.[0].message;
    const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
    expect(await messageFor({ authorization: token })).toMatch(/"Authorization: Bearer <token>"/);
    expect(await messageFor({ authorization: `Bearer ${generateCredential(CredentialPrefix.WorkspaceApiKey)}` })).toMatch(/send workspace keys in the x-api-key header/);
    expect(await messageFor({ 'x-api-key': generateCredential(CredentialPrefix.PersonalApiKey) })).toMatch(/send personal API keys as "Authorization: Bearer <key>"/);
    expect(await messageFor({ 'x-api-key': token })).toMatch(/send session tokens as "Authorization: Bearer <token>"/);
    const projectKey = generateCredential(CredentialPrefix.ProjectApiKey);
    for (const headers of [{ authorization: `Bearer ${projectKey}` } as Record<string, string>, { 'x-api-key': projectKey }, { authorization: basic('someone', projectKey) }]) {
      expect(await messageFor(headers)).toMatch(/send project keys as HTTP Basic with the user name "api-key"/);
    }
    // Sent the right way, the token works.
    await app.ok(ViewerDocument, {}, { headers: { authorization: `Bearer ${token}` } });
  });

  it('signs out the current session only', async () => {
    const { viewer, token } = await signUp();
    const other = (await app.ok(SignInDocument, { input: { email: viewer.email, password: PASSWORD } })).signIn.token;
    await app.ok(SignOutDocument, {}, { token });
    expect((await app.request(ViewerDocument, {}, { token })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await app.ok(ViewerDocument, {}, { token: other });
  });

  it('expires an unused session and rejects a malformed token', async () => {
    const { token } = await signUp();
    app.clock.advance(15 * 24 * 3600_000);
    try {
      const expired = await app.request(ViewerDocument, {}, { token });
      expect(expired.errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect(expired.errors?.[0].message).toMatch(/expired/);
    } finally {
      app.clock.advance(-15 * 24 * 3600_000);
    }
    const mangled = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect((await app.request(ViewerDocument, {}, { token: mangled })).errors?.[0].message).toMatch(/Malformed/);
  });

  it('updates name and email, refusing an email another account has', async () => {
    const { token } = await signUp();
    const taken = await signUp();
    const newEmail = uniqueEmail('renamed');
    const { updateProfile } = await app.ok(UpdateProfileDocument, { input: { name: 'Grace', email: newEmail } }, { token });
    expect(updateProfile.viewer).toMatchObject({ name: 'Grace', email: newEmail });
    const clash = await app.request(UpdateProfileDocument, { input: { email: taken.viewer.email } }, { token });
    expect(clash.errors?.[0].extensions?.code).toBe('CONFLICT');
    const invalid = await app.request(UpdateProfileDocument, { input: { name: '' } }, { token });
    expect(invalid.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'name' }] });
  });

  it('resets a password through the mailed single-use link, signing out every session', async () => {
    const { viewer, token } = await signUp(uniqueEmail('reset'), 'Reset Me');
    await app.ok(RequestPasswordResetDocument, { input: { email: viewer.email } });
    const mail = await app.smtp!.waitFor((m) => m.to.includes(viewer.email));
    expect(mail.subject).toMatch(/Reset your Gatehouse password/);
    expect(mail.html).toContain('Reset Me');
    const link = mail.text.match(/http:\/\/gatehouse\.test\/reset-password\?token=(\S+)/);
    expect(link).not.toBeNull();
    const resetToken = decodeURIComponent(link![1]);

    await app.ok(ResetPasswordDocument, { input: { token: resetToken, newPassword: 'a brand new password' } });
    expect((await app.request(ViewerDocument, {}, { token })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.request(SignInDocument, { input: { email: viewer.email, password: PASSWORD } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const signedIn = await app.ok(SignInDocument, { input: { email: viewer.email, password: 'a brand new password' } });
    expect((await app.ok(ViewerDocument, {}, { token: signedIn.signIn.token })).viewer.emailVerified).toBe(true);

    const reused = await app.request(ResetPasswordDocument, { input: { token: resetToken, newPassword: 'yet another password' } });
    expect(reused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'token' }] });
  });

  it('refuses an expired reset link, and says nothing about unknown addresses', async () => {
    const { viewer } = await signUp(uniqueEmail('late'));
    const unknown = await app.ok(RequestPasswordResetDocument, { input: { email: uniqueEmail('nobody') } });
    expect(unknown.requestPasswordReset.accepted).toBe(true);
    await app.ok(RequestPasswordResetDocument, { input: { email: viewer.email } });
    const mail = await app.smtp!.waitFor((m) => m.to.includes(viewer.email));
    const resetToken = decodeURIComponent(mail.text.match(/token=(\S+)/)![1]);
    app.clock.advance(61 * 60_000);
    try {
      const late = await app.request(ResetPasswordDocument, { input: { token: resetToken, newPassword: 'too late password' } });
      expect(late.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      app.clock.advance(-61 * 60_000);
    }
  });

  it('rate limits failed sign-ins per email with a retry-after, even for the right password', async () => {
    const { viewer } = await signUp(uniqueEmail('limited'));
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await app.request(SignInDocument, { input: { email: viewer.email, password: 'wrong password!' } });
      expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const limited = await app.request(SignInDocument, { input: { email: viewer.email, password: PASSWORD } });
    expect(limited.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(limited.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('keeps no plaintext password, session token or reset token in the database', async () => {
    const { viewer, token } = await signUp(uniqueEmail('plain'));
    await app.ok(RequestPasswordResetDocument, { input: { email: viewer.email } });
    const mail = await app.smtp!.waitFor((m) => m.to.includes(viewer.email));
    const resetToken = decodeURIComponent(mail.text.match(/token=(\S+)/)![1]);
    const client = new Client({ connectionString: app.infra.databaseUrl });
    await client.connect();
    try {
      const tables = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
      for (const { tablename } of tables.rows) {
        const { rows } = await client.query(`SELECT * FROM "${tablename}"`);
        const dump = JSON.stringify(rows);
        expect(dump).not.toContain(PASSWORD);
        expect(dump).not.toContain(token);
        expect(dump).not.toContain(resetToken);
      }
    } finally {
      await client.end();
    }
  });
});
