import type { RestRoute } from '../../rest/rest-route';

const SETTINGS = 'fragment WorkspaceSettings on Workspace { id organizationId name slug region description dataRetentionDays seatLimit createdAt }';
const MEMBER = 'fragment Member on WorkspaceMember { workspaceId userId role createdAt user { id name email } }';

/** Seed 003, "Workspace settings" and "Members". */
export const workspaceRoutes: RestRoute[] = [
  {
    method: 'GET',
    path: '/workspace',
    tag: 'Workspace settings',
    summary: 'The workspace settings',
    operation: `query RestGetWorkspace($workspaceId: ID!) { workspace(id: $workspaceId) { ...WorkspaceSettings } } ${SETTINGS}`,
    result: ['workspace'],
  },
  {
    method: 'PUT',
    path: '/workspace',
    tag: 'Workspace settings',
    summary: 'Replace the workspace settings (slug and region must stay as they are)',
    operation: `mutation RestPutWorkspace($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) { workspace { ...WorkspaceSettings } } } ${SETTINGS}`,
    result: ['updateWorkspace', 'workspace'],
  },
  {
    method: 'GET',
    path: '/workspace/members',
    tag: 'Members',
    summary: 'The members, oldest first (organization owners are implicit admins and not listed)',
    operation: `query RestListMembers($workspaceId: ID!) { workspace(id: $workspaceId) { members { ...Member } } } ${MEMBER}`,
    result: ['workspace', 'members'],
    page: { at: 'createdAt', id: 'userId' },
  },
  {
    method: 'PUT',
    path: '/workspace/members/{userId}',
    tag: 'Members',
    summary: "Change a member's role (effective on their next request)",
    operation: `mutation RestPutMember($input: UpdateWorkspaceMemberInput!) { updateWorkspaceMemberRole(input: $input) { member { ...Member } } } ${MEMBER}`,
    result: ['updateWorkspaceMemberRole', 'member'],
  },
  {
    method: 'DELETE',
    path: '/workspace/members/{userId}',
    tag: 'Members',
    summary: 'Remove a member (their API keys stay active until revoked)',
    operation: 'mutation RestDeleteMember($workspaceId: ID!, $userId: ID!) { removeWorkspaceMember(input: { workspaceId: $workspaceId, userId: $userId }) { userId } }',
    result: ['removeWorkspaceMember'],
  },
];
