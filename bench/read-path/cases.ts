import type { ServerName } from './servers';
import type { BenchTenant } from './seed';

/** One request as one server gets it: path, headers and the JSON body. */
export interface ServerRequest {
  path: string;
  headers: Record<string, string>;
  body: { query: string; variables?: Record<string, unknown> };
  /** Throws unless the response is the expected answer (checked once before measuring). */
  check(json: unknown): void;
}

/**
 * Who answers in a case: a server, or Gatehouse asked without a credential in the keyed B case, so
 * that "with a key against without" compares rounds that alternate rather than two cases minutes apart.
 */
export type Contestant = ServerName | 'gatehouse-anonymous';
export const processOf = (contestant: Contestant): ServerName => (contestant === 'gatehouse-anonymous' ? 'gatehouse' : contestant);

export interface Variant {
  id: string;
  title: string;
  servers: Partial<Record<Contestant, ServerRequest>>;
  /** Timed rounds per contestant and concurrency when more than BENCH_ROUNDS. */
  rounds?: number;
}

const EVENT_FIELDS = 'id occurredAt organizationId workspaceId projectId action riskLevel ip userAgent metadata actor { type id name email } target { type id }';
// Amber's `id` is the global object id; the column is `rowId`.
const PEER_EVENT_FIELDS =
  'rowId occurredAt organizationId workspaceId projectId action riskLevel ip userAgent metadata actorType actorId targetType targetId auditActorDisplayByEventId { name email }';

// `first` is a variable only so the untimed walk to page 1,000 can take bigger steps.
export const GATEHOUSE_AUDIT_PAGE = `query AuditPage($organizationId: ID!, $after: String, $first: Int! = 50) {
  organization(id: $organizationId) { auditEvents(first: $first, after: $after) { edges { cursor node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }
}`;
export const PEER_AUDIT_PAGE = `query AuditPage($organizationId: UUID!, $after: Cursor, $first: Int = 50) {
  allAuditEvents(condition: { organizationId: $organizationId }, orderBy: [OCCURRED_AT_DESC, PRIMARY_KEY_DESC], first: $first, after: $after) {
    edges { cursor node { ${PEER_EVENT_FIELDS} } } pageInfo { hasNextPage endCursor }
  }
}`;

// Answers are checked loosely: three servers, three shapes.
type Json = Record<string, any>;

function expect(condition: boolean, what: string, json: unknown): void {
  if (!condition) throw new Error(`unexpected answer (${what}): ${JSON.stringify(json).slice(0, 600)}`);
}

/** Workspaces and members the dashboard must list, whatever shape the server nests them in. */
function dashboardCheck(workspacesOf: (json: Json) => Json[] | undefined, membersOf: (workspace: Json) => Json[] | undefined, expected: { workspaces: number; members: number }) {
  return (json: unknown) => {
    const workspaces = workspacesOf(json as Json) ?? [];
    const members = workspaces.reduce((sum, workspace) => sum + (membersOf(workspace)?.length ?? 0), 0);
    expect(workspaces.length === expected.workspaces && members === expected.members * expected.workspaces, `${expected.workspaces} workspaces of ${expected.members} members`, json);
  };
}

const auditCheck = (edgesOf: (json: Json) => Json[] | undefined, firstId?: string, idField = 'id') => (json: unknown) => {
  const edges = edgesOf(json as Json) ?? [];
  expect(edges.length === 50 && (!firstId || edges[0].node[idField] === firstId), `50 events${firstId ? ` from ${firstId}` : ''}`, json);
};

export interface PageCursors {
  /** Gatehouse's (and the ceiling's: same encoding) cursor ending page 999, and the first event of page 1,000. */
  gatehouse: string;
  peer: string;
  firstEventId: string;
}

/** Every case; C-1000 only when the cursors of page 1,000 were walked. */
export function variants(tenant: BenchTenant, sizes: { workspaces: number; members: number }, cursors: PageCursors | null): Variant[] {
  const session = (token: string) => ({ authorization: `Bearer ${token}` });
  const key = { 'x-api-key': tenant.workspaceKey };
  const typename = { query: '{ __typename }' };
  const typenameCheck = (json: unknown) => expect((json as Json).data?.__typename === 'Query', '__typename', json);
  const gatehouseDashboard = {
    query: '{ viewer { id name organizations { id name workspaces { id name members { role user { id name email } } } } } }',
  };
  const peerDashboard = {
    // No authentication in the peer: the viewer is named by id; their workspaces through their memberships.
    query: `query Dashboard($viewerId: UUID!) { userByRowId(rowId: $viewerId) { rowId name
      orgMembershipsByUserId { nodes { organizationByOrganizationId { rowId name } } }
      workspaceMembershipsByUserId { nodes { workspaceByWorkspaceId { rowId name workspaceMembershipsByWorkspaceId { nodes { role userByUserId { rowId name email } } } } } } } }`,
    variables: { viewerId: tenant.viewerId },
  };
  const auditPage = (after: string | null, peerAfter: string | null, firstId?: string): Variant['servers'] => ({
    gatehouse: {
      path: '/graphql',
      headers: session(tenant.ownerToken),
      body: { query: GATEHOUSE_AUDIT_PAGE, variables: { organizationId: tenant.organizationId, after } },
      check: auditCheck((json) => json.data?.organization?.auditEvents?.edges, firstId),
    },
    ceiling: {
      path: '/audit',
      headers: session(tenant.ownerToken),
      body: { query: GATEHOUSE_AUDIT_PAGE, variables: { organizationId: tenant.organizationId, after } },
      check: auditCheck((json) => json.data?.organization?.auditEvents?.edges, firstId),
    },
    postgraphile: {
      path: '/graphql',
      headers: {},
      body: { query: PEER_AUDIT_PAGE, variables: { organizationId: tenant.organizationId, after: peerAfter } },
      check: auditCheck((json) => json.data?.allAuditEvents?.edges, firstId, 'rowId'),
    },
  });
  const verify = (candidate: string, code: string): Variant['servers'] => {
    const body = { query: 'query Verify($key: String!) { verifyApiKey(key: $key) { valid code keyId kind scopes workspaceId } }', variables: { key: candidate } };
    const check = (json: unknown) => expect((json as Json).data?.verifyApiKey?.code === code, code, json);
    return { gatehouse: { path: '/graphql', headers: key, body, check }, ceiling: { path: '/verify', headers: key, body, check } };
  };
  return [
    {
      id: 'A',
      title: `A dashboard: viewer → org → ${sizes.workspaces} workspaces → ${sizes.members} members (session)`,
      servers: {
        gatehouse: {
          path: '/graphql',
          headers: session(tenant.viewerToken),
          body: gatehouseDashboard,
          check: dashboardCheck((json) => json.data?.viewer?.organizations?.[0]?.workspaces, (workspace) => workspace.members, sizes),
        },
        ceiling: {
          path: '/dashboard',
          headers: session(tenant.viewerToken),
          body: gatehouseDashboard,
          check: dashboardCheck((json) => json.data?.viewer?.organizations?.[0]?.workspaces, (workspace) => workspace.members, sizes),
        },
        postgraphile: {
          path: '/graphql',
          headers: {},
          body: peerDashboard,
          check: dashboardCheck(
            (json) => json.data?.userByRowId?.workspaceMembershipsByUserId?.nodes?.map((node: Json) => node.workspaceByWorkspaceId),
            (workspace) => workspace.workspaceMembershipsByWorkspaceId?.nodes,
            sizes,
          ),
        },
      },
    },
    {
      id: 'B',
      title: 'B { __typename }, no credential',
      servers: {
        gatehouse: { path: '/graphql', headers: {}, body: typename, check: typenameCheck },
        ceiling: { path: '/typename', headers: {}, body: typename, check: typenameCheck },
        postgraphile: { path: '/graphql', headers: {}, body: typename, check: typenameCheck },
      },
    },
    {
      id: 'B-key',
      title: 'B { __typename } with a workspace key (x-api-key)',
      // Its figure is a ratio of two rounds of one process: three pairs left it within ±10 % of noise.
      rounds: 8,
      servers: {
        gatehouse: { path: '/graphql', headers: key, body: typename, check: typenameCheck },
        'gatehouse-anonymous': { path: '/graphql', headers: {}, body: typename, check: typenameCheck },
        ceiling: { path: '/typename', headers: key, body: typename, check: typenameCheck },
      },
    },
    { id: 'C-1', title: 'C auditEvents(first: 50), page 1, every field (owner session)', servers: auditPage(null, null) },
    ...(cursors ? [{ id: 'C-1000', title: 'C auditEvents(first: 50), page 1,000 by cursor', servers: auditPage(cursors.gatehouse, cursors.peer, cursors.firstEventId) }] : []),
    { id: 'D-valid', title: 'D verifyApiKey, valid key of the caller’s workspace (x-api-key)', servers: verify(tenant.otherWorkspaceKey, 'VALID') },
    { id: 'D-malformed', title: 'D verifyApiKey, malformed key', servers: verify('gtw_this-is-not-a-key', 'MALFORMED') },
  ];
}
