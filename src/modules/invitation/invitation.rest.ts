import type { RestRoute } from '../../rest/rest-route';

/** Seed 003, "Invite a member": the person joins when they accept the emailed link. */
export const invitationRoutes: RestRoute[] = [
  {
    method: 'POST',
    path: '/workspace/members',
    tag: 'Members',
    summary: 'Invite a member by email (they join on accepting the link, valid 7 days)',
    operation:
      'mutation RestInviteMember($input: InviteMemberInput!) { inviteMember(input: $input) { invitation { id email role status workspaceId organizationId sentAt expiresAt } } }',
    result: ['inviteMember', 'invitation'],
    checks: 'membersManage',
    accepted: true,
  },
];
