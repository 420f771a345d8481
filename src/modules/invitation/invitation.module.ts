import type { GatehouseModule } from '../../module';
import { INVITATION_TEMPLATE, renderInvitation } from './invitation.mail';
import { InvitationResolver, OrganizationInvitationsResolver, WorkspaceInvitationsResolver } from './invitation.resolver';
import { InvitationService } from './invitation.service';
import { invitationRoutes } from './invitation.rest';

declare module '../../module' {
  interface Services {
    invitations: InvitationService;
  }
}

export const invitationModule: GatehouseModule = {
  name: 'invitation',
  services: ({ dataSource, clock, config }, s) => {
    const invitations = new InvitationService({ dataSource, clock, audit: s.audit, workspaces: s.workspaces, sealer: s.sealer, appUrl: config.appUrl, newInvitationsPerHour: config.hourlyLimits.invitationsPerWorkspace });
    // Pending invitations hold seats, so an invited person always finds one when they accept.
    s.workspaces.countSeatsHeldBy((manager, workspaceId) => invitations.pendingCount(manager, workspaceId));
    s.retention.purge('invitations', (at, batch) => invitations.purgeExpired(at, batch));
    return { invitations };
  },
  resolvers: [
    [InvitationResolver, (s) => new InvitationResolver(s.invitations)],
    [WorkspaceInvitationsResolver, (s) => new WorkspaceInvitationsResolver(s.invitations)],
    [OrganizationInvitationsResolver, (s) => new OrganizationInvitationsResolver(s.invitations)],
  ],
  mailTemplates: { [INVITATION_TEMPLATE]: renderInvitation },
  restRoutes: invitationRoutes,
};
