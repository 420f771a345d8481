import { ConfigError, loadConfig } from '../../config';
import {
  DeletePasskeyDocument,
  PasskeyAuthenticationOptionsDocument,
  PasskeyRegistrationOptionsDocument,
  ReauthenticateDocument,
  RenamePasskeyDocument,
  SignUpDocument,
  VerifyPasskeyAuthenticationDocument,
  VerifyPasskeyRegistrationDocument,
  ViewerDocument,
  ViewerPasskeysDocument,
  ViewerSessionsDocument,
} from '../../testing/generated/graphql';
import { startTestApp, uniqueEmail, type GraphQLResult, type TestApp } from '../../testing/test-app';
import { CHALLENGE_TTL_MS } from './challenge-store';
import { SoftAuthenticator, type CeremonyOptions, type SoftCredential } from './testing/soft-authenticator';

const PASSWORD = 'correct horse battery staple';
/** What the test app's PUBLIC_URL (http://gatehouse.test) makes the relying party. */
const ORIGIN = 'http://gatehouse.test';
const RP_ID = 'gatehouse.test';

type Options = Parameters<SoftAuthenticator['create']>[0] & Parameters<SoftAuthenticator['get']>[0] & Record<string, unknown>;

const failureOf = (result: GraphQLResult<unknown>) => result.errors?.[0]?.extensions ?? {};

describe('passkeys', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  const signUp = async (label: string) => (await app.ok(SignUpDocument, { input: { email: uniqueEmail(label), password: PASSWORD, name: 'Pat Key' } })).signUp;

  const registrationOptions = async (token: string) => (await app.ok(PasskeyRegistrationOptionsDocument, {}, { token })).passkeyRegistrationOptions.options as Options;

  const register = (token: string, response: Record<string, unknown>, name = 'My Laptop') => app.request(VerifyPasskeyRegistrationDocument, { input: { name, response } }, { token });

  /** Asks for registration options and lets `authenticator` answer them, as a browser would. */
  const addPasskey = async (token: string, authenticator: SoftAuthenticator, name = 'My Laptop', overrides: CeremonyOptions = {}) =>
    register(token, authenticator.create(await registrationOptions(token), overrides), name);

  const authenticationOptions = async (email?: string) => (await app.ok(PasskeyAuthenticationOptionsDocument, { input: { email } })).passkeyAuthenticationOptions.options as Options;

  const verifySignIn = (response: Record<string, unknown>) => app.request(VerifyPasskeyAuthenticationDocument, { input: { response } });

  const signInWith = async (authenticator: SoftAuthenticator, email?: string, overrides: CeremonyOptions & { credential?: SoftCredential } = {}) =>
    verifySignIn(authenticator.get(await authenticationOptions(email), overrides));

  /** A person with one passkey on their own authenticator. */
  const personWithPasskey = async (label: string) => {
    const person = await signUp(label);
    const authenticator = new SoftAuthenticator(ORIGIN);
    const added = await addPasskey(person.token, authenticator);
    expect(added.errors).toBeUndefined();
    return { ...person, authenticator, passkeyId: added.data!.verifyPasskeyRegistration.passkey.id };
  };

  const signCountOf = async (passkeyId: string): Promise<number> => Number((await app.infra.dataSource.query(`SELECT sign_count FROM passkey WHERE id = $1`, [passkeyId]))[0].sign_count);

  it('registers, lists, signs in without a password, renames and deletes a passkey', async () => {
    const { token, viewer } = await signUp('journey');
    const authenticator = new SoftAuthenticator(ORIGIN);

    const options = await registrationOptions(token);
    expect(options).toMatchObject({ rp: { id: RP_ID, name: 'Gatehouse' }, user: { name: viewer.email, displayName: 'Pat Key' }, attestation: 'none', authenticatorSelection: { residentKey: 'preferred' } });
    const added = await register(token, authenticator.create(options), '  My Laptop ');
    expect(added.errors).toBeUndefined();
    const passkey = added.data!.verifyPasskeyRegistration.passkey;
    expect(passkey).toMatchObject({ name: 'My Laptop', deviceType: 'MULTI_DEVICE', backedUp: true, lastUsedAt: null });

    // The next registration excludes the passkey the person already has.
    const again = await registrationOptions(token);
    expect((again.excludeCredentials as Array<{ id: string }>).map((item) => item.id)).toEqual([authenticator.credentials[0].id.toString('base64url')]);

    const listed = (await app.ok(ViewerPasskeysDocument, {}, { token })).viewer.passkeys;
    expect(listed).toEqual([passkey]);

    // Sign in by email: the options name the account's passkeys.
    const byEmail = await authenticationOptions(viewer.email.toUpperCase());
    expect(byEmail).toMatchObject({ rpId: RP_ID, userVerification: 'required', allowCredentials: [{ id: authenticator.credentials[0].id.toString('base64url') }] });
    const signedIn = await verifySignIn(authenticator.get(byEmail));
    expect(signedIn.errors).toBeUndefined();
    const payload = signedIn.data!.verifyPasskeyAuthentication;
    expect(payload).toMatchObject({ viewer: { id: viewer.id, email: viewer.email }, session: { method: 'PASSKEY', current: true } });
    expect(payload.token).toMatch(/^gts_/);
    expect((await app.ok(ViewerDocument, {}, { token: payload.token })).viewer.id).toBe(viewer.id);
    const sessions = (await app.ok(ViewerSessionsDocument, {}, { token: payload.token })).viewer.sessions;
    expect(sessions.find((session) => session.id === payload.session.id)?.method).toBe('PASSKEY');
    expect(await signCountOf(passkey.id)).toBe(1);

    // Without an email the browser picks a discoverable passkey; the user handle names the account.
    const discoverable = await authenticationOptions();
    expect(discoverable.allowCredentials).toEqual([]);
    const second = await verifySignIn(authenticator.get(discoverable));
    expect(second.data?.verifyPasskeyAuthentication.viewer.id).toBe(viewer.id);
    expect(await signCountOf(passkey.id)).toBe(2);
    const used = (await app.ok(ViewerPasskeysDocument, {}, { token })).viewer.passkeys[0];
    expect(used.lastUsedAt).not.toBeNull();

    const renamed = await app.ok(RenamePasskeyDocument, { input: { id: passkey.id, name: 'Work Phone' } }, { token });
    expect(renamed.renamePasskey.passkey).toEqual({ id: passkey.id, name: 'Work Phone' });
    expect((await app.ok(ViewerPasskeysDocument, {}, { token })).viewer.passkeys.map((item) => item.name)).toEqual(['Work Phone']);

    expect((await app.ok(DeletePasskeyDocument, { input: { id: passkey.id } }, { token })).deletePasskey.passkeyId).toBe(passkey.id);
    expect((await app.ok(ViewerPasskeysDocument, {}, { token })).viewer.passkeys).toEqual([]);
    const deleted = await signInWith(authenticator, undefined, { credential: authenticator.credentials[0] });
    expect(failureOf(deleted)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'UNKNOWN_CREDENTIAL' });
    expect(deleted.data).toBeNull();

    const events: Array<{ action: string; risk_level: string; target_id: string; organization_id: string | null }> = await app.infra.dataSource.query(
      `SELECT action, risk_level, target_id, organization_id FROM audit_event WHERE actor_id = $1 ORDER BY occurred_at, action`,
      [viewer.id],
    );
    expect(events).toEqual([
      { action: 'passkey.added', risk_level: 'MEDIUM', target_id: passkey.id, organization_id: null },
      { action: 'passkey.renamed', risk_level: 'LOW', target_id: passkey.id, organization_id: null },
      { action: 'passkey.removed', risk_level: 'MEDIUM', target_id: passkey.id, organization_id: null },
    ]);
  });

  it('reauthenticates a session with its own passkey, not with another account\'s', async () => {
    const person = await personWithPasskey('reauth');
    const other = await personWithPasskey('reauth-other');
    app.clock.advance(11 * 60_000);
    expect(failureOf(await app.request(PasskeyRegistrationOptionsDocument, {}, { token: person.token }))).toMatchObject({ code: 'FORBIDDEN', reason: 'REAUTH_REQUIRED' });
    const reauthenticate = async (authenticator: SoftAuthenticator) =>
      app.request(ReauthenticateDocument, { input: { passkeyResponse: authenticator.get(await authenticationOptions()) } }, { token: person.token });
    expect(failureOf(await reauthenticate(other.authenticator))).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'CREDENTIAL_NOT_ALLOWED' });
    expect((await reauthenticate(person.authenticator)).errors).toBeUndefined();
    expect((await app.request(PasskeyRegistrationOptionsDocument, {}, { token: person.token })).errors).toBeUndefined();
  });

  it('stores the public key as bytes and never shows it', async () => {
    const { passkeyId, token } = await personWithPasskey('bytes');
    const [row] = await app.infra.dataSource.query(`SELECT public_key, credential_id FROM passkey WHERE id = $1`, [passkeyId]);
    expect(Buffer.isBuffer(row.public_key)).toBe(true);
    const listed = JSON.stringify(await app.ok(ViewerPasskeysDocument, {}, { token }));
    expect(listed).not.toContain(row.public_key.toString('base64url'));
    expect(listed).not.toContain(row.public_key.toString('base64'));
  });

  it('refuses a registration from another origin or for another RP id, and stores nothing', async () => {
    const { token } = await signUp('reg-origin');
    const authenticator = new SoftAuthenticator(ORIGIN);
    const wrongOrigin = await addPasskey(token, authenticator, 'Phish', { origin: 'https://gatehouse.evil' });
    expect(failureOf(wrongOrigin)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VERIFICATION_FAILED', fields: [{ field: 'response' }] });
    expect(wrongOrigin.errors?.[0].message).toMatch(/origin/);
    const wrongRpId = await addPasskey(token, authenticator, 'Phish', { rpId: 'gatehouse.evil' });
    expect(failureOf(wrongRpId)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VERIFICATION_FAILED' });
    expect(wrongRpId.errors?.[0].message).toMatch(/RP ID/i);
    expect((await app.ok(ViewerPasskeysDocument, {}, { token })).viewer.passkeys).toEqual([]);
  });

  it('refuses a credential that is already registered, to the same or another account', async () => {
    const owner = await personWithPasskey('dup-owner');
    const other = await signUp('dup-other');
    const credential = owner.authenticator.credentials[0];
    const sameAccount = await register(owner.token, owner.authenticator.create(await registrationOptions(owner.token), { credential }));
    expect(failureOf(sameAccount)).toMatchObject({ code: 'CONFLICT', fields: [{ field: 'response' }] });
    const otherAccount = await register(other.token, owner.authenticator.create(await registrationOptions(other.token), { credential }));
    expect(failureOf(otherAccount).code).toBe('CONFLICT');
    expect((await app.ok(ViewerPasskeysDocument, {}, { token: other.token })).viewer.passkeys).toEqual([]);
  });

  it('needs a signed-in person to add a passkey, and registration options of one person do not work for another', async () => {
    const anonymous = await app.request(PasskeyRegistrationOptionsDocument);
    expect(failureOf(anonymous).code).toBe('UNAUTHENTICATED');
    const first = await signUp('reg-first');
    const second = await signUp('reg-second');
    const response = new SoftAuthenticator(ORIGIN).create(await registrationOptions(first.token));
    const stolen = await register(second.token, response);
    expect(failureOf(stolen)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'VERIFICATION_FAILED' });
    expect((await app.ok(ViewerPasskeysDocument, {}, { token: second.token })).viewer.passkeys).toEqual([]);
  });

  it('refuses a replayed challenge, for registration and for sign-in', async () => {
    const { token, authenticator } = await personWithPasskey('replay');
    const newKey = new SoftAuthenticator(ORIGIN);
    const registration = newKey.create(await registrationOptions(token));
    expect((await register(token, registration, 'Second')).errors).toBeUndefined();
    const replayedRegistration = await register(token, registration, 'Second again');
    expect(failureOf(replayedRegistration)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CHALLENGE_ALREADY_USED' });

    const assertion = authenticator.get(await authenticationOptions());
    expect((await verifySignIn(assertion)).errors).toBeUndefined();
    const replayed = await verifySignIn(assertion);
    expect(failureOf(replayed)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'CHALLENGE_ALREADY_USED' });
    expect(replayed.errors?.[0].message).toMatch(/already used/);

    // A challenge the server never issued is refused the same way.
    const madeUp = await signInWith(authenticator, undefined, { challenge: Buffer.from('not issued by gatehouse').toString('base64url') });
    expect(failureOf(madeUp)).toMatchObject({ reason: 'CHALLENGE_ALREADY_USED' });
  });

  it('refuses an expired challenge with its own error, for registration and for sign-in', async () => {
    const { token, authenticator } = await personWithPasskey('expired');
    const registrationOpts = await registrationOptions(token);
    const signInOpts = await authenticationOptions();
    app.clock.advance(CHALLENGE_TTL_MS + 1000);
    try {
      const lateRegistration = await register(token, new SoftAuthenticator(ORIGIN).create(registrationOpts));
      expect(failureOf(lateRegistration)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'CHALLENGE_EXPIRED' });
      const lateSignIn = await verifySignIn(authenticator.get(signInOpts));
      expect(failureOf(lateSignIn)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'CHALLENGE_EXPIRED' });
      expect(lateSignIn.errors?.[0].message).toMatch(/expired/);
    } finally {
      app.clock.advance(-(CHALLENGE_TTL_MS + 1000));
    }
    // Fresh options still work within the five minutes.
    const fresh = await authenticationOptions();
    app.clock.advance(CHALLENGE_TTL_MS - 5000);
    try {
      expect((await verifySignIn(authenticator.get(fresh))).errors).toBeUndefined();
    } finally {
      app.clock.advance(-(CHALLENGE_TTL_MS - 5000));
    }
  });

  it('refuses a sign-in from another origin, for another RP id, or with a tampered signature', async () => {
    const { authenticator, viewer } = await personWithPasskey('sign-in-checks');
    const cases: Array<[CeremonyOptions, RegExp]> = [
      [{ origin: 'https://gatehouse.evil' }, /origin/],
      [{ rpId: 'gatehouse.evil' }, /RP ID/i],
      [{ tamperSignature: true }, /signature/i],
    ];
    for (const [overrides, message] of cases) {
      const refused = await signInWith(authenticator, viewer.email, overrides);
      expect(failureOf(refused)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'VERIFICATION_FAILED' });
      expect(refused.errors?.[0].message).toMatch(message);
      expect(refused.data).toBeNull();
    }
    const rows = await app.infra.dataSource.query(`SELECT count(*)::int AS n FROM session WHERE user_id = $1 AND method = 'PASSKEY'`, [viewer.id]);
    expect(rows[0].n).toBe(0);
  });

  it("refuses another person's passkey when the options were asked for by email", async () => {
    const alice = await personWithPasskey('alice');
    const bob = await personWithPasskey('bob');
    const forAlice = await authenticationOptions(alice.viewer.email);
    expect(forAlice.allowCredentials).toEqual([expect.objectContaining({ id: alice.authenticator.credentials[0].id.toString('base64url') })]);
    const answeredByBob = await verifySignIn(bob.authenticator.get(forAlice, { credential: bob.authenticator.credentials[0] }));
    expect(failureOf(answeredByBob)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'CREDENTIAL_NOT_ALLOWED' });

    // A user handle naming someone else than the passkey's owner is refused too.
    const forged = bob.authenticator.get(await authenticationOptions(), { credential: bob.authenticator.credentials[0] });
    (forged.response as Record<string, unknown>).userHandle = alice.authenticator.credentials[0].userHandle;
    expect(failureOf(await verifySignIn(forged))).toMatchObject({ reason: 'CREDENTIAL_NOT_ALLOWED' });

    // An address without an account gets options no passkey can answer.
    const forNobody = await authenticationOptions(uniqueEmail('nobody'));
    expect(forNobody.allowCredentials).toEqual([]);
    const answered = await verifySignIn(bob.authenticator.get(forNobody, { credential: bob.authenticator.credentials[0] }));
    expect(failureOf(answered)).toMatchObject({ reason: 'CREDENTIAL_NOT_ALLOWED' });
  });

  it('refuses a signature counter that went backwards or stood still', async () => {
    const { authenticator, passkeyId } = await personWithPasskey('counter');
    expect((await signInWith(authenticator)).errors).toBeUndefined();
    expect((await signInWith(authenticator)).errors).toBeUndefined();
    expect(await signCountOf(passkeyId)).toBe(2);
    const cloned = await signInWith(authenticator, undefined, { counter: 1 });
    expect(failureOf(cloned)).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'COUNTER_REGRESSED' });
    expect(cloned.errors?.[0].message).toMatch(/counter went backwards/);
    expect(failureOf(await signInWith(authenticator, undefined, { counter: 2 }))).toMatchObject({ reason: 'COUNTER_REGRESSED' });
    expect(await signCountOf(passkeyId)).toBe(2);
    expect((await signInWith(authenticator)).errors).toBeUndefined();
  });

  it('accepts authenticators that do not count, and reports single-device passkeys', async () => {
    const { token } = await signUp('no-counter');
    const securityKey = new SoftAuthenticator(ORIGIN, { backupEligible: false, backedUp: false });
    const added = await addPasskey(token, securityKey, 'YubiKey');
    expect(added.data?.verifyPasskeyRegistration.passkey).toMatchObject({ deviceType: 'SINGLE_DEVICE', backedUp: false });
    expect((await signInWith(securityKey, undefined, { counter: 0 })).errors).toBeUndefined();
    expect((await signInWith(securityKey, undefined, { counter: 0 })).errors).toBeUndefined();
  });

  it('checks passkey names, and treats another person’s passkey as not found', async () => {
    const owner = await personWithPasskey('owner');
    const other = await signUp('other');
    const tooLong = await app.request(RenamePasskeyDocument, { input: { id: owner.passkeyId, name: 'x'.repeat(65) } }, { token: owner.token });
    expect(failureOf(tooLong)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'name', message: 'must be 1 to 64 characters' }] });
    const blank = await app.request(RenamePasskeyDocument, { input: { id: owner.passkeyId, name: '   ' } }, { token: owner.token });
    expect(failureOf(blank)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'name' }] });
    const longest = await app.ok(RenamePasskeyDocument, { input: { id: owner.passkeyId, name: 'x'.repeat(64) } }, { token: owner.token });
    expect(longest.renamePasskey.passkey.name).toHaveLength(64);
    const unnamed = await addPasskey(owner.token, new SoftAuthenticator(ORIGIN), '');
    expect(failureOf(unnamed)).toMatchObject({ code: 'BAD_USER_INPUT', fields: expect.arrayContaining([{ field: 'name', message: 'must be 1 to 64 characters' }]) });

    const rename = await app.request(RenamePasskeyDocument, { input: { id: owner.passkeyId, name: 'Mine now' } }, { token: other.token });
    expect(failureOf(rename).code).toBe('NOT_FOUND');
    const remove = await app.request(DeletePasskeyDocument, { input: { id: owner.passkeyId } }, { token: other.token });
    expect(failureOf(remove).code).toBe('NOT_FOUND');
    expect((await app.ok(ViewerPasskeysDocument, {}, { token: owner.token })).viewer.passkeys).toHaveLength(1);
    const badId = await app.request(DeletePasskeyDocument, { input: { id: 'not-a-uuid' } }, { token: owner.token });
    expect(failureOf(badId)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'id' }] });
  });

  it('refuses a response that is not a credential', async () => {
    const { token } = await signUp('garbage');
    const result = await register(token, { hello: 'world' });
    expect(failureOf(result)).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ field: 'response' }] });
    expect(failureOf(await verifySignIn({ id: 'x', response: { clientDataJSON: 'bm90IGpzb24' } }))).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('relying-party config', () => {
  const base = { NODE_ENV: 'test', PUBLIC_URL: 'https://app.example.com:8443/' };

  it('derives the RP id and origin from PUBLIC_URL', () => {
    expect(loadConfig(base).webauthn).toEqual({ rpId: 'app.example.com', rpName: 'Gatehouse', origins: ['https://app.example.com:8443'] });
  });

  it('accepts origins on the RP id and its subdomains', () => {
    const config = loadConfig({ ...base, WEBAUTHN_RP_ID: 'Example.com', WEBAUTHN_RP_NAME: 'Acme', WEBAUTHN_ORIGINS: 'https://example.com, https://app.example.com' });
    expect(config.webauthn).toEqual({ rpId: 'example.com', rpName: 'Acme', origins: ['https://example.com', 'https://app.example.com'] });
  });

  it.each([
    [{ WEBAUTHN_RP_ID: 'https://example.com' }, /WEBAUTHN_RP_ID/],
    [{ WEBAUTHN_ORIGINS: 'https://elsewhere.org' }, /WEBAUTHN_ORIGINS must be origins on WEBAUTHN_RP_ID/],
    [{ WEBAUTHN_ORIGINS: 'https://app.example.com/login' }, /WEBAUTHN_ORIGINS/],
    [{ WEBAUTHN_ORIGINS: 'ftp://app.example.com' }, /WEBAUTHN_ORIGINS/],
    [{ WEBAUTHN_RP_NAME: 'x'.repeat(65) }, /WEBAUTHN_RP_NAME/],
  ])('refuses %j', (env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });
});
