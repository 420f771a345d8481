import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { Requires } from '../../graphql/auth-directive';
import type { Context } from '../../graphql/context';
import { Workspace } from '../workspace/workspace.types';
import { SendAuditDigestNowInput, UpdateAuditDigestInput } from './audit-digest.inputs';
import { toAuditDigest } from './audit-digest.mappers';
import type { AuditDigestService } from './audit-digest.service';
import { AuditDigest, AuditDigestPayload, SendAuditDigestNowPayload } from './audit-digest.types';

@Resolver(() => Workspace)
export class AuditDigestResolver {
  constructor(private readonly digests: AuditDigestService) {}

  @FieldResolver(() => AuditDigest)
  @Requires('auditDigestManage')
  async auditDigest(@Root() workspace: Workspace, @Ctx() context: Context): Promise<AuditDigest> {
    return toAuditDigest(await context.loaders.auditDigest.load(workspace.id));
  }

  @Mutation(() => AuditDigestPayload, { description: 'Replaces the digest settings; every rule broken is listed, each naming its field.' })
  @Requires('auditDigestManage')
  async updateAuditDigest(@Arg('input') input: UpdateAuditDigestInput, @Ctx() context: Context): Promise<AuditDigestPayload> {
    return { workspaceId: input.workspaceId, auditDigest: toAuditDigest(await this.digests.update(actorOf(context), input)) };
  }

  @Mutation(() => SendAuditDigestNowPayload, { description: 'Mails the digest so far to the recipients now; the schedule, lastSentAt and the next scheduled digest stay as they are.' })
  @Requires('auditDigestManage')
  async sendAuditDigestNow(@Arg('input') input: SendAuditDigestNowInput, @Ctx() context: Context): Promise<SendAuditDigestNowPayload> {
    return { workspaceId: input.workspaceId, ...(await this.digests.requestSendNow(actorOf(context), input.workspaceId)) };
  }
}
