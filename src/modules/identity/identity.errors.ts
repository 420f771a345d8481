import { DomainError } from '../../graphql/errors';

export class IdentityError extends DomainError {}
