import { DomainError } from '../../graphql/errors';

export class WorkspaceError extends DomainError {}
