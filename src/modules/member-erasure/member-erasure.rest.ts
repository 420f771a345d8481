import type { RestRoute } from '../../rest/rest-route';

/** Seed 003, "GDPR right-to-erasure". */
export const memberErasureRoutes: RestRoute[] = [
  {
    method: 'POST',
    path: '/workspace/members/{userId}/erase',
    tag: 'Members',
    summary: "Erase a member: remove them and scrub their personal data from this workspace's audit log",
    operation:
      'mutation RestEraseMember($workspaceId: ID!, $userId: ID!) { eraseMember(input: { workspaceId: $workspaceId, userId: $userId }) { workspaceId membershipRemoved erasedEvents } }',
    result: ['eraseMember'],
  },
];
