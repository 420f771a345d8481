/** PostgreSQL's unique_violation: a concurrent or repeated insert hit a unique index. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string }).code === '23505';
