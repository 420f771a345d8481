/**
 * Who may reach what: the one table that the GraphQL `@auth` directive, the API-key scope check and
 * the authorization tests all read. A field declares `@auth(requires: ROLE)`; the check resolves the
 * caller's standing for that role and lets the resolver run or throws.
 */
export enum AccessRole {
  /** Any signed-in person (session, personal API key or app credential), never a workspace/project key. */
  USER = 'USER',
}

export const ACCESS_ROLE_DESCRIPTIONS: Record<AccessRole, string> = {
  [AccessRole.USER]: 'A signed-in person: session, personal API key or app credential.',
};
