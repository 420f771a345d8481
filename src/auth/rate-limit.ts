import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError, ErrorCode } from '../core/errors';

export interface RateLimitRule {
  points: number;
  windowSeconds: number;
}

const retryAfter = (rejection: RateLimiterRes): number => Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));

export const rateLimited = (what: string, retryAfterSeconds: number): DomainError =>
  new DomainError(ErrorCode.RATE_LIMITED, `Too many ${what}; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });

/**
 * One limit counted in Redis, so it holds across API processes. `consume` takes a point atomically
 * before the work it guards, so concurrent requests cannot all pass a check made before any of them
 * is recorded.
 */
export class RateLimit {
  private readonly limiter: RateLimiterRedis;

  constructor(redis: Redis, keyPrefix: string, readonly what: string, rule: RateLimitRule) {
    this.limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix, points: rule.points, duration: rule.windowSeconds, useRedisPackage: false });
  }

  get points(): number {
    return this.limiter.points;
  }

  /** Takes a point or throws RATE_LIMITED with the seconds until one is free. */
  async consume(key: string): Promise<void> {
    const rejection = await this.take(key);
    if (rejection) throw rateLimited(this.what, retryAfter(rejection));
  }

  /** Takes a point; returns the rejection (how far past the limit, when to retry) instead of throwing. */
  async take(key: string): Promise<RateLimiterRes | null> {
    try {
      await this.limiter.consume(key);
      return null;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    }
  }

  async refund(key: string): Promise<void> {
    await this.limiter.reward(key, 1);
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

export { retryAfter };
