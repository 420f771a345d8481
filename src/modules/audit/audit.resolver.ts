import { Arg, Args, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Requires } from '../../graphql/auth-directive';
import type { Connection } from '../../core/pagination';
import { badInput } from '../../core/errors';
import { PageArgs } from '../../graphql/pagination';
import { Viewer } from '../identity/identity.types';
import { Organization } from '../organization/organization.types';
import { Workspace } from '../workspace/workspace.types';
import type { AuditService } from './audit.service';
import { AUDIT_EXPORT_PATH, AuditExportFormat, EXPORT_LINK_SECONDS, type AuditExporter } from './audit-export';
import { AuditEventConnection, AuditEventFilter, AuditExport, type AuditEvent } from './audit.types';

@Resolver(() => Workspace)
export class WorkspaceAuditResolver {
  constructor(
    private readonly audit: AuditService,
    private readonly exporter: AuditExporter,
    private readonly publicUrl: string,
  ) {}

  @Query(() => AuditExport, { description: `A signed download link, valid ${EXPORT_LINK_SECONDS / 60} minutes, for the workspace's events from \`from\` (inclusive) to \`to\` (exclusive) as JSONL or CSV, for a SIEM.` })
  @Requires('auditLogRead')
  exportAuditEvents(
    @Arg('workspaceId', () => ID) workspaceId: string,
    @Arg('from') from: Date,
    @Arg('to') to: Date,
    @Arg('format', () => AuditExportFormat) format: AuditExportFormat,
  ): AuditExport {
    if (!(from < to)) throw badInput('to', 'must be after from');
    const { token, expiresAt } = this.exporter.sign({ workspaceId, from, to, format });
    return { url: `${this.publicUrl}${AUDIT_EXPORT_PATH}/${token}`, expiresAt };
  }

  @FieldResolver(() => AuditEventConnection, { description: 'Newest first.' })
  @Requires('auditLogRead')
  auditEvents(@Root() workspace: Workspace, @Args() page: PageArgs, @Arg('filter', () => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter): Promise<Connection<AuditEvent>> {
    return this.audit.list({ workspaceId: workspace.id }, filter, page.first, page.after);
  }

  // `workspace(id)` needs workspace:read, so a key holding only audit:read reaches the log here.
  @Query(() => AuditEventConnection, { description: "The workspace's events, newest first: Workspace.auditEvents without reading the workspace first." })
  @Requires('auditLogRead')
  workspaceAuditEvents(
    @Arg('workspaceId', () => ID) workspaceId: string,
    @Args() page: PageArgs,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter,
  ): Promise<Connection<AuditEvent>> {
    return this.audit.list({ workspaceId }, filter, page.first, page.after);
  }
}

@Resolver(() => Organization)
export class OrganizationAuditResolver {
  constructor(private readonly audit: AuditService) {}

  @FieldResolver(() => AuditEventConnection, { description: 'Every event of the organization and its workspaces, newest first.' })
  @Requires('organizationAuditRead')
  auditEvents(@Root() organization: Organization, @Args() page: PageArgs, @Arg('filter', () => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter): Promise<Connection<AuditEvent>> {
    return this.audit.list({ organizationId: organization.id }, filter, page.first, page.after);
  }
}

@Resolver(() => Viewer)
export class ViewerSecurityEventsResolver {
  constructor(private readonly audit: AuditService) {}

  @FieldResolver(() => AuditEventConnection, { description: 'Security events of your own account (email, password, sessions, keys, passkeys, sign-in limits), newest first.' })
  securityEvents(@Root() viewer: Viewer, @Args() page: PageArgs): Promise<Connection<AuditEvent>> {
    return this.audit.list({ accountOf: viewer.id }, null, page.first, page.after);
  }
}
