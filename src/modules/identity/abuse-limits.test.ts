import { RequestPasswordResetDocument, ResetPasswordDocument, SignInDocument, SignUpDocument } from '../../testing/generated/graphql';
import { TEST_PASSWORD, createUser } from '../../testing/fixtures';
import { errorCode, startTestApp, uniqueEmail, type TestApp } from '../../testing/test-app';

describe('abuse limits of anonymous account operations', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({
      worker: true,
      env: { SIGN_IN_LIMIT_PER_EMAIL: '5', SIGN_UP_LIMIT_PER_IP: '3', RESET_PASSWORD_LIMIT_PER_IP: '2', PASSWORD_RESET_MAIL_LIMIT_PER_EMAIL: '2', PASSWORD_RESET_MAIL_LIMIT_PER_IP: '4' },
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

  it('limits sign-ups and password resets per IP before hashing', async () => {
    // createUser above took one of the 3 sign-ups of this IP.
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
