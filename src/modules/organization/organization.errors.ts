import { DomainError } from '../../graphql/errors';

export class OrganizationError extends DomainError {}
