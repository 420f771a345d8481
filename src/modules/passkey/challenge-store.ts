import type { Redis } from 'ioredis';
import type { Clock } from '../../clock';

export type ChallengePurpose = 'registration' | 'authentication';

export interface IssuedChallenge {
  purpose: ChallengePurpose;
  /** Registration: the person adding the passkey. Authentication: the account asked for by email, or null for any. */
  userId: string | null;
  issuedAt: number;
}

export type ChallengeOutcome = { status: 'valid'; challenge: IssuedChallenge } | { status: 'expired' | 'unknown' };

/** How long a challenge may be answered. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/**
 * Redis keeps a record longer than it is valid, so a late answer is told "expired" rather than "unknown";
 * expiry itself is judged against the app clock.
 */
const RETAIN_SECONDS = 60 * 60;

/**
 * WebAuthn challenges in Redis, keyed by the challenge itself (the browser echoes it in clientDataJSON).
 * GETDEL takes a challenge exactly once, across every API process.
 */
export class ChallengeStore {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly clock: Clock,
  ) {}

  private key(challenge: string): string {
    return `${this.keyPrefix}:passkey:challenge:${challenge}`;
  }

  async save(challenge: string, purpose: ChallengePurpose, userId: string | null): Promise<void> {
    const record: IssuedChallenge = { purpose, userId, issuedAt: this.clock.now().getTime() };
    await this.redis.set(this.key(challenge), JSON.stringify(record), 'EX', RETAIN_SECONDS);
  }

  /** Takes the challenge, whatever the outcome: a challenge is answered once, right or wrong. */
  async take(challenge: string, purpose: ChallengePurpose): Promise<ChallengeOutcome> {
    const raw = await this.redis.getdel(this.key(challenge));
    if (!raw) return { status: 'unknown' };
    const record = JSON.parse(raw) as IssuedChallenge;
    // A registration challenge answered on the sign-in path (or the reverse) was never issued for it.
    if (record.purpose !== purpose) return { status: 'unknown' };
    if (this.clock.now().getTime() - record.issuedAt >= CHALLENGE_TTL_MS) return { status: 'expired' };
    return { status: 'valid', challenge: record };
  }
}
