import { DomainError } from '../../graphql/errors';

export class ApiKeyError extends DomainError {}
