import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import type { MemberErasureService } from './member-erasure.service';
import { EraseMemberPayload } from './member-erasure.types';
import { WorkspaceMemberInput } from '../workspace/workspace.inputs';

@Resolver()
export class MemberErasureResolver {
  constructor(private readonly erasure: MemberErasureService) {}

  @Mutation(() => EraseMemberPayload, {
    description:
      'GDPR erasure, irreversible: removes the person from the workspace and replaces their id, name, email, IP and user agent in every audit event of this workspace with a tombstone. ' +
      'Works for people removed earlier too; calling it again changes nothing. Records member.erased (critical).',
  })
  @Requires('membersErase')
  async eraseMember(@Arg('input') input: WorkspaceMemberInput, @Ctx() context: Context): Promise<EraseMemberPayload> {
    const result = await this.erasure.erase(actorOf(context), input.workspaceId, input.userId);
    return { workspaceId: input.workspaceId, erasedEvents: result.erasedEvents, membershipRemoved: result.membershipRemoved };
  }
}
