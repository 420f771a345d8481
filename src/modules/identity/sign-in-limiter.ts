import type { Redis } from 'ioredis';
import { RateLimit, rateLimited, retryAfter } from '../../auth/rate-limit';

export interface SignInLimits {
  perEmail: number;
  perIp: number;
  windowSeconds: number;
}

/**
 * Password attempts are counted in Redis per email and per IP, so the limit holds across API
 * processes. A point is consumed atomically BEFORE the password is verified (and given back on
 * success), so concurrent attempts cannot all be evaluated against a count taken before any of them.
 */
export class SignInLimiter {
  private readonly byEmail: RateLimit;
  private readonly byIp: RateLimit;

  constructor(redis: Redis, keyPrefix: string, limits: SignInLimits) {
    this.byEmail = new RateLimit(redis, `${keyPrefix}:signin:email`, 'sign-in attempts', { points: limits.perEmail, windowSeconds: limits.windowSeconds });
    this.byIp = new RateLimit(redis, `${keyPrefix}:signin:ip`, 'sign-in attempts', { points: limits.perIp, windowSeconds: limits.windowSeconds });
  }

  /**
   * Takes one attempt for the email and the IP, or throws RATE_LIMITED; `onFirstRefusal` runs for the
   * first refusal of an email's window (the moment worth auditing), not for every one after it.
   */
  async consume(email: string, ip: string, onFirstRefusal?: () => Promise<void>): Promise<void> {
    const [emailRejection, ipRejection] = await Promise.all([this.byEmail.take(email), this.byIp.take(ip)]);
    const rejections = [emailRejection, ipRejection].filter((rejection) => rejection !== null);
    if (rejections.length === 0) return;
    if (emailRejection?.consumedPoints === this.byEmail.points + 1 && onFirstRefusal) await onFirstRefusal();
    throw rateLimited('sign-in attempts', Math.max(...rejections.map(retryAfter)));
  }

  /** A correct password: the attempt was the person's own, so it does not count against them. */
  async succeeded(email: string, ip: string): Promise<void> {
    await Promise.all([this.byEmail.reset(email), this.byIp.refund(ip)]);
  }
}
