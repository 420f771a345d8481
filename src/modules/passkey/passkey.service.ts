import { randomUUID } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import type { Clock } from '../../clock';
import type { Config } from '../../config';
import { selectOnly } from '../../db/loader-helpers';
import { inTransaction } from '../../db/transaction';
import { DomainError, ErrorCode, badInput } from '../../core/errors';
import type { AuditService } from '../audit/audit.service';
import { normalizeEmail, type RequestMeta, type SignedIn } from '../identity/identity.service';
import { SignInMethod } from '../identity/session.entity';
import type { SessionService } from '../identity/session.service';
import { UserEntity } from '../identity/user.entity';
import { CHALLENGE_TTL_MS, type ChallengePurpose, type ChallengeStore, type IssuedChallenge } from './challenge-store';
import { PasskeyDeviceType, PasskeyEntity } from './passkey.entity';
import { PasskeyFailure } from './passkey.errors';
import { isUniqueViolation } from '../../db/postgres-errors';

/** What the passkeys list shows: not the public key, the credential id or the signature counter. */
export const LISTED_PASSKEY_COLUMNS = ['id', 'name', 'createdAt', 'lastUsedAt', 'deviceType', 'backedUp'] as const satisfies ReadonlyArray<keyof PasskeyEntity>;
export type ListedPasskeyRow = Pick<PasskeyEntity, (typeof LISTED_PASSKEY_COLUMNS)[number]>;

export interface PasskeyServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  sessions: SessionService;
  challenges: ChallengeStore;
  relyingParty: Config['webauthn'];
  audit: AuditService;
}

/** Passwordless sign-in must prove the person (PIN, biometrics), not only that someone touched the key. */
const USER_VERIFICATION = 'required';

/** Transports are echoed back to browsers as hints; anything else a client sends is not stored. */
const KNOWN_TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);


/** The WebAuthn user handle is the account's UUID as 16 bytes: opaque, stable, no personal data. */
const userHandleOf = (userId: string): Uint8Array<ArrayBuffer> => new Uint8Array(Buffer.from(userId.replace(/-/g, ''), 'hex'));
const userHandleMatches = (handle: string, userId: string): boolean => Buffer.from(handle, 'base64url').equals(Buffer.from(userHandleOf(userId)));

/** Reads the challenge the browser signed from `response.clientDataJSON`, so the issued one can be looked up. */
function signedChallengeOf(response: Record<string, unknown>): string {
  const clientDataJSON = (response.response as { clientDataJSON?: unknown } | undefined)?.clientDataJSON;
  if (typeof response.id !== 'string' || typeof clientDataJSON !== 'string') throw badInput('response', 'must be a PublicKeyCredential as JSON (credential.toJSON())');
  try {
    const { challenge } = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    if (typeof challenge === 'string') return challenge;
  } catch {
    // falls through to the same answer as a missing challenge
  }
  throw badInput('response', 'has no readable clientDataJSON challenge');
}

export class PasskeyService {
  constructor(private readonly deps: PasskeyServiceDeps) {}

  /** Options for navigator.credentials.create(); the person's own passkeys are excluded so one authenticator is not added twice. */
  async registrationOptions(userId: string): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const { dataSource, challenges, relyingParty } = this.deps;
    const user = await dataSource.getRepository(UserEntity).findOneOrFail({ select: { id: true, email: true, name: true }, where: { id: userId } });
    const options = await generateRegistrationOptions({
      rpName: relyingParty.rpName,
      rpID: relyingParty.rpId,
      userID: userHandleOf(user.id),
      userName: user.email,
      userDisplayName: user.name,
      timeout: CHALLENGE_TTL_MS,
      attestationType: 'none',
      excludeCredentials: await this.descriptorsOf(userId),
      authenticatorSelection: { residentKey: 'preferred', userVerification: USER_VERIFICATION },
    });
    await challenges.save(options.challenge, 'registration', user.id);
    return options;
  }

  async verifyRegistration(actor: Actor, userId: string, input: { name: string; response: Record<string, unknown> }): Promise<PasskeyEntity> {
    const { dataSource, relyingParty, audit } = this.deps;
    const challenge = await this.takeChallenge(input.response, 'registration', (reason, message) => this.registrationRefused(reason, message));
    if (challenge.userId !== userId) throw this.registrationRefused(PasskeyFailure.VERIFICATION_FAILED, 'These options were issued to another account; request new options');
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response: input.response as unknown as RegistrationResponseJSON,
        expectedChallenge: signedChallengeOf(input.response),
        expectedOrigin: relyingParty.origins,
        expectedRPID: relyingParty.rpId,
        requireUserVerification: true,
      });
    } catch (error) {
      throw this.registrationRefused(PasskeyFailure.VERIFICATION_FAILED, `The passkey could not be verified: ${(error as Error).message}`);
    }
    if (!verified.verified) throw this.registrationRefused(PasskeyFailure.VERIFICATION_FAILED, 'The passkey could not be verified');
    const { credential, credentialDeviceType, credentialBackedUp } = verified.registrationInfo;
    try {
      return await inTransaction(dataSource, async (manager) => {
        const passkey = await manager.save(
          manager.create(PasskeyEntity, {
            userId,
            credentialId: credential.id,
            publicKey: Buffer.from(credential.publicKey),
            signCount: credential.counter,
            transports: (credential.transports ?? []).filter((transport) => KNOWN_TRANSPORTS.has(transport)),
            deviceType: credentialDeviceType === 'multiDevice' ? PasskeyDeviceType.MULTI_DEVICE : PasskeyDeviceType.SINGLE_DEVICE,
            backedUp: credentialBackedUp,
            name: input.name.trim(),
            lastUsedAt: null,
          }),
        );
        await audit.record(manager, actor, { organizationId: null, action: 'passkey.added', target: { type: 'passkey', id: passkey.id }, metadata: { name: passkey.name } });
        return passkey;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError(ErrorCode.CONFLICT, 'This passkey is already registered', { fields: [{ field: 'response', message: 'is a passkey that is already registered' }] });
      throw error;
    }
  }

  /** Oldest first, so a list in the settings page keeps its order as passkeys are added. */
  list(userId: string): Promise<ListedPasskeyRow[]> {
    return this.passkeysOf(userId, LISTED_PASSKEY_COLUMNS);
  }

  /** A person's passkeys as the options that exclude or allow them name them: credential id and transports. */
  private async descriptorsOf(userId: string): Promise<Array<{ id: string; transports: string[] }>> {
    const rows = await this.passkeysOf(userId, ['credentialId', 'transports']);
    return rows.map((passkey) => ({ id: passkey.credentialId, transports: passkey.transports }));
  }

  private passkeysOf<K extends keyof PasskeyEntity & string>(userId: string, properties: readonly K[]): Promise<Array<Pick<PasskeyEntity, K>>> {
    return this.deps.dataSource.getRepository(PasskeyEntity).find({ select: selectOnly(properties), where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async rename(actor: Actor, userId: string, id: string, name: string): Promise<PasskeyEntity> {
    return inTransaction(this.deps.dataSource, async (manager) => {
      const passkey = await this.getOwn(manager, userId, id);
      const before = passkey.name;
      passkey.name = name.trim();
      await manager.save(passkey);
      await this.deps.audit.record(manager, actor, { organizationId: null, action: 'passkey.renamed', target: { type: 'passkey', id }, metadata: { before: { name: before }, after: { name: passkey.name } } });
      return passkey;
    });
  }

  async delete(actor: Actor, userId: string, id: string): Promise<void> {
    await inTransaction(this.deps.dataSource, async (manager) => {
      const passkey = await this.getOwn(manager, userId, id);
      await manager.delete(PasskeyEntity, { id: passkey.id });
      await this.deps.audit.record(manager, actor, { organizationId: null, action: 'passkey.removed', target: { type: 'passkey', id }, metadata: { name: passkey.name } });
    });
  }

  /**
   * Options for navigator.credentials.get(). With an email, only that account's passkeys may answer;
   * without one the browser offers its discoverable passkeys for this site.
   */
  async authenticationOptions(email?: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const { dataSource, challenges, relyingParty } = this.deps;
    let allowedUserId: string | null = null;
    let allowCredentials: Array<{ id: string; transports: string[] }> = [];
    if (email !== undefined) {
      const user = await dataSource.getRepository(UserEntity).findOne({ select: { id: true }, where: { emailNormalized: normalizeEmail(email) } });
      // An address without an account gets a challenge that no credential can answer, issued like any other.
      allowedUserId = user?.id ?? randomUUID();
      allowCredentials = user ? await this.descriptorsOf(user.id) : [];
    }
    const options = await generateAuthenticationOptions({ rpID: relyingParty.rpId, allowCredentials, userVerification: USER_VERIFICATION, timeout: CHALLENGE_TTL_MS });
    await challenges.save(options.challenge, 'authentication', allowedUserId);
    return options;
  }

  /** Checks the signed assertion and opens a session; the passkey's counter and last use move forward with it. */
  async verifyAuthentication(response: Record<string, unknown>, meta: RequestMeta): Promise<SignedIn> {
    const { dataSource, sessions } = this.deps;
    return inTransaction(dataSource, async (manager) => {
      const userId = await this.verifyAssertion(manager, response);
      const user = await manager.findOneByOrFail(UserEntity, { id: userId });
      const { token, session } = await sessions.create(manager, user.id, SignInMethod.PASSKEY, meta);
      return { token, user, session };
    });
  }

  /** Reauthentication with a passkey: the assertion must come from one of this person's own passkeys. */
  async verifyAssertionOf(userId: string, response: Record<string, unknown>): Promise<void> {
    await inTransaction(this.deps.dataSource, async (manager) => {
      if ((await this.verifyAssertion(manager, response)) !== userId) {
        throw this.signInRefused(PasskeyFailure.CREDENTIAL_NOT_ALLOWED, 'This passkey belongs to another account');
      }
    });
  }

  /** Takes the challenge and checks the assertion; returns the person it proves. */
  private async verifyAssertion(manager: EntityManager, response: Record<string, unknown>): Promise<string> {
    const { clock, relyingParty } = this.deps;
    const challenge = await this.takeChallenge(response, 'authentication', (reason, message) => this.signInRefused(reason, message));
    const assertion = response as unknown as AuthenticationResponseJSON;
    // Locked so two sign-ins with one passkey cannot both pass the counter check.
    const passkey = await manager.findOne(PasskeyEntity, { where: { credentialId: assertion.id }, lock: { mode: 'pessimistic_write' } });
    if (!passkey) throw this.signInRefused(PasskeyFailure.UNKNOWN_CREDENTIAL, 'This passkey is not registered here; it may have been deleted');
    const handle = assertion.response.userHandle;
    if ((challenge.userId !== null && challenge.userId !== passkey.userId) || (handle && !userHandleMatches(handle, passkey.userId))) {
      throw this.signInRefused(PasskeyFailure.CREDENTIAL_NOT_ALLOWED, 'This passkey does not belong to the account these options were issued for');
    }
    let verified;
    try {
      verified = await verifyAuthenticationResponse({
        response: assertion,
        expectedChallenge: signedChallengeOf(response),
        expectedOrigin: relyingParty.origins,
        expectedRPID: relyingParty.rpId,
        // The counter rule is applied below, after the signature, so a regression gets its own reason.
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: 0, transports: passkey.transports },
        requireUserVerification: true,
      });
    } catch (error) {
      throw this.signInRefused(PasskeyFailure.VERIFICATION_FAILED, `The passkey response could not be verified: ${(error as Error).message}`);
    }
    // Every other check throws above; `verified` is false only when the signature does not match.
    if (!verified.verified) throw this.signInRefused(PasskeyFailure.VERIFICATION_FAILED, 'The passkey signature does not match its public key');
    const { newCounter, credentialBackedUp } = verified.authenticationInfo;
    // Authenticators that count must count up; a counter at or below the stored one suggests a cloned key.
    if ((newCounter > 0 || passkey.signCount > 0) && newCounter <= passkey.signCount) {
      throw this.signInRefused(PasskeyFailure.COUNTER_REGRESSED, `The passkey's signature counter went backwards (${newCounter} after ${passkey.signCount}); it may have been cloned`);
    }
    await manager.update(PasskeyEntity, { id: passkey.id }, { signCount: newCounter, backedUp: credentialBackedUp, lastUsedAt: clock.now() });
    return passkey.userId;
  }

  /** Another person's passkey is indistinguishable from one that does not exist. */
  private async getOwn(manager: EntityManager, userId: string, id: string): Promise<PasskeyEntity> {
    const passkey = await manager.findOneBy(PasskeyEntity, { id, userId });
    if (!passkey) throw new DomainError(ErrorCode.NOT_FOUND, 'Passkey not found');
    return passkey;
  }

  private async takeChallenge(response: Record<string, unknown>, purpose: ChallengePurpose, refuse: (reason: PasskeyFailure, message: string) => DomainError): Promise<IssuedChallenge> {
    const outcome = await this.deps.challenges.take(signedChallengeOf(response), purpose);
    if (outcome.status === 'valid') return outcome.challenge;
    throw outcome.status === 'expired'
      ? refuse(PasskeyFailure.CHALLENGE_EXPIRED, 'The passkey challenge expired (they last 5 minutes); request new options and try again')
      : refuse(PasskeyFailure.CHALLENGE_ALREADY_USED, 'The passkey challenge was already used or was not issued by this server; request new options');
  }

  private registrationRefused(reason: PasskeyFailure, message: string): DomainError {
    return new DomainError(ErrorCode.BAD_USER_INPUT, `response: ${message}`, { fields: [{ field: 'response', message }], reason });
  }

  private signInRefused(reason: PasskeyFailure, message: string): DomainError {
    return new DomainError(ErrorCode.UNAUTHENTICATED, message, { reason });
  }
}
