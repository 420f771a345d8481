/** Machine-readable `extensions.reason` of a refused invitation token, so the landing page can say what to do. */
export enum InvitationFailure {
  /** Unknown, mistyped, or replaced by a newer link (a resend issues a new token). */
  INVALID_TOKEN = 'INVALID_TOKEN',
  EXPIRED = 'EXPIRED',
  REVOKED = 'REVOKED',
  ALREADY_ACCEPTED = 'ALREADY_ACCEPTED',
  EMAIL_MISMATCH = 'EMAIL_MISMATCH',
}
