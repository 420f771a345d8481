import type { RestRoute } from '../../rest/rest-route';

const ENVIRONMENT = 'fragment Env on Environment { id workspaceId name protected createdAt }';

/** Seed 003, "Environments". */
export const environmentRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/workspace/environments',
    tag: 'Environments',
    summary: 'The environments: production first, then by name',
    operation: `query RestGetEnvironments($workspaceId: ID!) { workspace(id: $workspaceId) { environments { ...Env } } } ${ENVIRONMENT}`,
    result: ['workspace'],
  },
  {
    method: 'PUT',
    path: '/workspace/environments',
    tag: 'Environments',
    summary: 'Set the environments by name: missing ones are created, unlisted ones deleted; production must be listed',
    operation: `mutation RestPutEnvironments($input: ReplaceEnvironmentsInput!) { replaceEnvironments(input: $input) { environments { ...Env } } } ${ENVIRONMENT}`,
    result: ['replaceEnvironments'],
  },
];
