import { Arg, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import { Requires } from '../../graphql/auth-directive';
import { Organization } from '../organization/organization.types';
import { Workspace } from '../workspace/workspace.types';
import { RecordUsageInput } from './usage.inputs';
import type { UsageService } from './usage.service';
import { RecordUsagePayload, UsageBucket } from './usage.types';

const MONTHS = { nullable: true, description: 'How many calendar months, 1–24, the current one last.', defaultValue: 6 } as const;

@Resolver(() => Workspace)
export class WorkspaceUsageResolver {
  constructor(private readonly service: UsageService) {}

  @FieldResolver(() => [UsageBucket], { description: 'One bucket per calendar month (UTC), oldest first; months without usage are zeros.' })
  @Requires('usageRead')
  usage(@Root() workspace: Workspace, @Arg('months', () => Int, MONTHS) months: number | null): Promise<UsageBucket[]> {
    return this.service.series([workspace.id], months ?? 6);
  }

  @Mutation(() => RecordUsagePayload, { description: 'For services metering their own work (workspace key with runs:write).' })
  @Requires('usageRecord')
  async recordUsage(@Arg('input') input: RecordUsageInput): Promise<RecordUsagePayload> {
    const counted = await this.service.record(input);
    return { workspaceId: input.workspaceId, idempotencyKey: input.idempotencyKey, counted };
  }
}

@Resolver(() => Organization)
export class OrganizationUsageResolver {
  constructor(private readonly service: UsageService) {}

  @FieldResolver(() => [UsageBucket], { description: "The sum of its workspaces' usage, per calendar month (UTC), oldest first, zero-filled." })
  @Requires('organizationUsageRead')
  async usage(@Root() organization: Organization, @Arg('months', () => Int, MONTHS) months: number | null): Promise<UsageBucket[]> {
    return this.service.series(await this.service.organizationWorkspaceIds(organization.id), months ?? 6);
  }
}
