import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError, ErrorCode } from '../../core/errors';

export interface SignInLimits {
  perEmail: number;
  perIp: number;
  windowSeconds: number;
}

/**
 * Failed sign-ins are counted in Redis per email and per IP, so the limit holds across API processes.
 * Past either limit every attempt is refused with RATE_LIMITED and a retry-after, even a correct one.
 */
export class SignInLimiter {
  private readonly byEmail: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(redis: Redis, keyPrefix: string, limits: SignInLimits) {
    this.byEmail = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:signin:email`, points: limits.perEmail, duration: limits.windowSeconds, useRedisPackage: false });
    this.byIp = new RateLimiterRedis({ storeClient: redis, keyPrefix: `${keyPrefix}:signin:ip`, points: limits.perIp, duration: limits.windowSeconds, useRedisPackage: false });
  }

  async assertAllowed(email: string, ip: string): Promise<void> {
    const [emailState, ipState] = await Promise.all([this.byEmail.get(email), this.byIp.get(ip)]);
    const exhausted = [
      { state: emailState, limit: this.byEmail.points },
      { state: ipState, limit: this.byIp.points },
    ].filter(({ state, limit }) => state && state.consumedPoints >= limit);
    if (exhausted.length === 0) return;
    const retryAfterSeconds = Math.ceil(Math.max(...exhausted.map(({ state }) => (state as RateLimiterRes).msBeforeNext)) / 1000);
    throw new DomainError(ErrorCode.RATE_LIMITED, `Too many sign-in attempts; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    // Rejections only mean the counter is already past its limit, which assertAllowed reports next time.
    await Promise.allSettled([this.byEmail.penalty(email, 1), this.byIp.penalty(ip, 1)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.byEmail.delete(email);
  }
}
