import { DomainError, ErrorCode } from '../core/errors';
import { CredentialPrefix } from './credential-token';

/** Who is calling, as established once per request from its credential. */
export type Principal =
  | {
      type: 'user';
      userId: string;
      via: 'session' | 'personal_api_key' | 'app_credential';
      credentialId: string;
      /** A session that signed in or reauthenticated within REAUTH_WINDOW_MINUTES; never a key. */
      recentlyAuthenticated?: boolean;
    }
  | { type: 'workspace_api_key'; keyId: string; workspaceId: string; scopes: readonly string[] }
  | { type: 'project_api_key'; keyId: string; projectId: string; workspaceId: string };

export type UserPrincipal = Extract<Principal, { type: 'user' }>;

/** The credential a request presented, as sent, before verification. */
export type PresentedCredential =
  | { transport: 'bearer'; secret: string }
  /** `Authorization: <token>` with no scheme: never accepted, answered with how to send it. */
  | { transport: 'unprefixed'; secret: string }
  | { transport: 'x-api-key'; secret: string }
  | { transport: 'basic'; username: string; secret: string };

/** A credential was presented but is not good; the message says why (expired, revoked, …). */
export interface AuthFailure {
  message: string;
  /** Machine-readable cause (`extensions.reason`), e.g. EXPIRED or REVOKED. */
  reason?: string;
  /** Set when the credential was not even looked up: too many unknown credentials from this client. */
  retryAfterSeconds?: number;
}

export interface CredentialVerifier {
  /** The token prefix this verifier owns, or for Basic auth the username it answers to (`*` for any). */
  accepts(credential: PresentedCredential): boolean;
  verify(credential: PresentedCredential, request: { ip: string; userAgent: string }): Promise<Principal | AuthFailure>;
}

export function readCredential(headers: Record<string, string | string[] | undefined>): PresentedCredential | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim()) return { transport: 'x-api-key', secret: apiKey.trim() };
  const authorization = headers.authorization;
  if (typeof authorization !== 'string') return undefined;
  const [scheme, value] = authorization.trim().split(/\s+/, 2);
  if (!value) return scheme ? { transport: 'unprefixed', secret: scheme } : undefined;
  if (scheme.toLowerCase() === 'bearer') return { transport: 'bearer', secret: value };
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    return { transport: 'basic', username: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  }
  return undefined;
}

/** Where each kind of secret goes; a secret sent any other way is refused with this advice. */
const TRANSPORT_ADVICE: Record<string, { fits(credential: PresentedCredential): boolean; advice: string }> = {
  [CredentialPrefix.Session]: { fits: (c) => c.transport === 'bearer', advice: 'send session tokens as "Authorization: Bearer <token>"' },
  [CredentialPrefix.PersonalApiKey]: { fits: (c) => c.transport === 'bearer', advice: 'send personal API keys as "Authorization: Bearer <key>"' },
  [CredentialPrefix.WorkspaceApiKey]: { fits: (c) => c.transport === 'x-api-key', advice: 'send workspace keys in the x-api-key header' },
  [CredentialPrefix.ProjectApiKey]: {
    // Basic with another user name reaches the project-key verifier, which answers WRONG_USERNAME.
    fits: (c) => c.transport === 'basic',
    advice: 'send project keys as HTTP Basic with the user name "api-key" and the key as password',
  },
  [CredentialPrefix.AppSecret]: { fits: (c) => c.transport === 'basic', advice: 'send app secrets as HTTP Basic with the App ID as user name' },
};

/** A recognisable secret sent the wrong way: the message says what to do instead. */
function misdirected(credential: PresentedCredential): string | undefined {
  const prefix = credential.secret.slice(0, credential.secret.indexOf('_'));
  const rule = TRANSPORT_ADVICE[prefix];
  if (rule && !rule.fits(credential)) return `This ${credential.transport === 'unprefixed' ? 'token lacks its scheme' : 'credential was sent the wrong way'}: ${rule.advice}`;
  if (credential.transport === 'unprefixed') return 'The Authorization header needs a scheme: "Authorization: Bearer <token>"';
  return undefined;
}

export async function authenticate(
  credential: PresentedCredential | undefined,
  verifiers: readonly CredentialVerifier[],
  request: { ip: string; userAgent: string },
): Promise<{ principal: Principal | null; failure?: AuthFailure }> {
  if (!credential) return { principal: null };
  const advice = misdirected(credential);
  if (advice) return { principal: null, failure: { message: advice, reason: 'WRONG_TRANSPORT' } };
  const verifier = verifiers.find((candidate) => candidate.accepts(credential));
  if (!verifier) return { principal: null, failure: { message: 'Unrecognised credential' } };
  try {
    const result = await verifier.verify(credential, request);
    return 'type' in result ? { principal: result } : { principal: null, failure: result };
  } catch (error) {
    if (error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED) {
      return { principal: null, failure: { message: error.message, reason: ErrorCode.RATE_LIMITED, retryAfterSeconds: error.details.retryAfterSeconds } };
    }
    throw error;
  }
}
