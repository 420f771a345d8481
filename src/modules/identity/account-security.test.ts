import {
  ChangePasswordDocument,
  CreatePersonalApiKeyDocument,
  PasskeyRegistrationOptionsDocument,
  ReauthenticateDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  RevokeAllSessionsDocument,
  RotateAppSecretDocument,
  SignInDocument,
  UpdateProfileDocument,
  ViewerSecurityEventsDocument,
  WhoamiDocument,
} from '../../testing/generated/graphql';
import { TEST_PASSWORD, createUser, type TestUser } from '../../testing/fixtures';
import { startTestApp, uniqueEmail, type GraphQLResult, type TestApp } from '../../testing/test-app';

const basic = (username: string, password: string) => ({ headers: { authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` } });
const refusal = (result: GraphQLResult<unknown>) => ({ code: result.errors?.[0]?.extensions?.code, reason: result.errors?.[0]?.extensions?.reason });

describe('credential authority', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
  });
  afterAll(() => app.stop());

  /** A person with a personal API key and an app secret, made from a fresh session. */
  async function personWithKeys(label: string): Promise<{ person: TestUser; personalKey: string; appId: string; appSecret: string }> {
    const person = await createUser(app, label);
    const personalKey = (await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'ci-key', expiresInDays: 1 } }, { token: person.token })).createPersonalApiKey.key;
    const { rotateAppSecret } = await app.ok(RotateAppSecretDocument, {}, { token: person.token });
    return { person, personalKey, appId: rotateAppSecret.appCredential.appId, appSecret: rotateAppSecret.appSecret };
  }

  it('refuses a personal API key or app credential that tries to mint credentials or change the account (SESSION_REQUIRED)', async () => {
    const { personalKey, appId, appSecret } = await personWithKeys('keyholder');
    const asKey = { token: personalKey };
    const asApp = basic(appId, appSecret);
    for (const caller of [asKey, asApp]) {
      const attempts = [
        await app.request(CreatePersonalApiKeyDocument, { input: { name: 'escalated', expiresInDays: 365 } }, caller),
        await app.request(RotateAppSecretDocument, {}, caller),
        await app.request(PasskeyRegistrationOptionsDocument, {}, caller),
        await app.request(UpdateProfileDocument, { input: { email: uniqueEmail('takeover') } }, caller),
        await app.request(ChangePasswordDocument, { input: { currentPassword: TEST_PASSWORD, newPassword: 'taken over password' } }, caller),
        await app.request(RevokeAllSessionsDocument, {}, caller),
        await app.request(ReauthenticateDocument, { input: { password: TEST_PASSWORD } }, caller),
      ];
      for (const attempt of attempts) expect(refusal(attempt)).toEqual({ code: 'FORBIDDEN', reason: 'SESSION_REQUIRED' });
    }
    // The key still acts as the person where it may.
    expect((await app.request(WhoamiDocument, {}, asKey)).errors).toBeUndefined();
  });

  it('needs a recent authentication to change email, passkeys or the app secret; reauthenticate refreshes it', async () => {
    const person = await createUser(app, 'stale');
    const session = { token: person.token };
    app.clock.advance(11 * 60_000);
    for (const attempt of [
      await app.request(RotateAppSecretDocument, {}, session),
      await app.request(PasskeyRegistrationOptionsDocument, {}, session),
      await app.request(UpdateProfileDocument, { input: { email: uniqueEmail('stale-new') } }, session),
    ]) {
      expect(refusal(attempt)).toEqual({ code: 'FORBIDDEN', reason: 'REAUTH_REQUIRED' });
    }
    // A name is not account security.
    expect((await app.request(UpdateProfileDocument, { input: { name: 'Still Me' } }, session)).errors).toBeUndefined();

    const wrong = await app.request(ReauthenticateDocument, { input: { password: 'not my password' } }, session);
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', fields: [{ field: 'password' }] });
    const { reauthenticate } = await app.ok(ReauthenticateDocument, { input: { password: TEST_PASSWORD } }, session);
    expect(new Date(reauthenticate.recentUntil).getTime()).toBeGreaterThan(app.clock.now().getTime() + 9 * 60_000);
    expect((await app.request(RotateAppSecretDocument, {}, session)).errors).toBeUndefined();
  });

  it('changePassword keeps this session and revokes every other session, personal key and app secret, saying which in the mail', async () => {
    const { person, personalKey, appId, appSecret } = await personWithKeys('changer');
    const otherDevice = (await app.ok(SignInDocument, { input: { email: person.email, password: TEST_PASSWORD } })).signIn.token;

    const wrong = await app.request(ChangePasswordDocument, { input: { currentPassword: 'not my password', newPassword: 'a brand new password' } }, { token: person.token });
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', fields: [{ field: 'currentPassword' }] });

    await app.ok(ChangePasswordDocument, { input: { currentPassword: TEST_PASSWORD, newPassword: 'a brand new password' } }, { token: person.token });
    expect((await app.request(WhoamiDocument, {}, { token: person.token })).errors).toBeUndefined();
    for (const revoked of [{ token: otherDevice }, { token: personalKey }, basic(appId, appSecret)]) {
      expect(refusal(await app.request(WhoamiDocument, {}, revoked)).code).toBe('UNAUTHENTICATED');
    }
    const mail = await app.smtp!.waitFor((m) => m.to.includes(person.email) && /password .* changed/i.test(m.text));
    expect(mail.text).toContain('1 other signed-in session(s) were signed out');
    expect(mail.text).toContain('ci-key');
    expect(mail.text).toContain('App Secret was revoked');
    expect(mail.text).not.toMatch(/https?:\/\//);
    await app.ok(SignInDocument, { input: { email: person.email, password: 'a brand new password' } });
  });

  it('a password reset revokes personal keys and the app secret too', async () => {
    const { person, personalKey, appId, appSecret } = await personWithKeys('resetter');
    await app.ok(RequestPasswordResetDocument, { input: { email: person.email } });
    const link = await app.smtp!.waitFor((m) => m.to.includes(person.email) && /Reset your/.test(m.subject));
    const token = decodeURIComponent(link.text.match(/token=(\S+)/)![1]);
    await app.ok(ResetPasswordDocument, { input: { token, newPassword: 'a reset new password' } });
    for (const revoked of [{ token: person.token }, { token: personalKey }, basic(appId, appSecret)]) {
      expect(refusal(await app.request(WhoamiDocument, {}, revoked)).code).toBe('UNAUTHENTICATED');
    }
    const notice = await app.smtp!.waitFor((m) => m.to.includes(person.email) && /was reset/.test(m.text));
    expect(notice.text).toContain('ci-key');
  });

  it('an email change tells the old address, without a link, and account events are listed in viewer.securityEvents', async () => {
    const person = await createUser(app, 'mover');
    const newEmail = uniqueEmail('moved');
    await app.ok(UpdateProfileDocument, { input: { email: newEmail } }, { token: person.token });
    const notice = await app.smtp!.waitFor((m) => m.to.includes(person.email) && /security notice/i.test(m.subject));
    expect(notice.text).toContain(newEmail);
    expect(notice.text).not.toMatch(/https?:\/\//);
    expect(notice.html).not.toContain('<a ');

    await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'listed', expiresInDays: 1 } }, { token: person.token });
    await app.ok(ChangePasswordDocument, { input: { currentPassword: TEST_PASSWORD, newPassword: 'another new password' } }, { token: person.token });
    const { viewer } = await app.ok(ViewerSecurityEventsDocument, { first: 10 }, { token: person.token });
    expect(viewer.securityEvents.edges.map((edge) => edge.node.action)).toEqual(['account.password_changed', 'personal_api_key.created', 'account.email_changed']);
    // Another person's events are not listed.
    const other = await createUser(app, 'other');
    expect((await app.ok(ViewerSecurityEventsDocument, { first: 10 }, { token: other.token })).viewer.securityEvents.edges).toEqual([]);
  });
});
