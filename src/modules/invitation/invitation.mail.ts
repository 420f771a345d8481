import { escapeHtml, layout, type RenderedMail } from '../../mail/templates';

export const INVITATION_TEMPLATE = 'invitation';

export function renderInvitation(data: Record<string, unknown>): RenderedMail {
  const { inviterName, placeKind, placeName, organizationName, role, expiresAt, acceptUrl } = data as {
    inviterName: string;
    placeKind: 'workspace' | 'organization';
    placeName: string;
    organizationName: string;
    role: string;
    expiresAt: string;
    acceptUrl: string;
  };
  const where = placeKind === 'workspace' ? `the workspace "${placeName}" of ${organizationName}` : `the organization "${placeName}"`;
  const whereHtml = placeKind === 'workspace' ? `the workspace <b>${escapeHtml(placeName)}</b> of ${escapeHtml(organizationName)}` : `the organization <b>${escapeHtml(placeName)}</b>`;
  return {
    subject: `${inviterName} invited you to ${placeName} on Gatehouse`,
    text: `Hello,\n\n${inviterName} invited you to join ${where} as ${role}.\n\nTo accept, open:\n\n${acceptUrl}\n\nSign in or create an account with this email address. The invitation expires on ${expiresAt}. If you did not expect it, ignore this mail.\n`,
    html: layout({
      title: `Join ${placeName}`,
      paragraphs: [
        'Hello,',
        `${escapeHtml(inviterName)} invited you to join ${whereHtml} as <b>${escapeHtml(role)}</b>.`,
        `Sign in or create an account with this email address. The invitation expires on ${escapeHtml(expiresAt)}. If you did not expect it, ignore this mail.`,
      ],
      action: { label: 'Accept the invitation', url: acceptUrl },
    }),
  };
}
