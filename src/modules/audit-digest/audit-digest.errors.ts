import { DomainError } from '../../graphql/errors';

export class AuditDigestError extends DomainError {}
