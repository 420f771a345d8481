import { AUDIT_DIGEST_TEMPLATE, renderAuditDigest } from '../modules/audit-digest/audit-digest.mail';
import { PASSWORD_RESET_TEMPLATE, renderPasswordReset } from '../modules/identity/password-reset.mail';
import { INVITATION_TEMPLATE, renderInvitation } from '../modules/invitation/invitation.mail';
import { NOTIFICATION_TEMPLATE, WEBHOOK_DISABLED_TEMPLATE, renderNotification, renderWebhookDisabled } from '../modules/notification/notification.mail';
import type { MailTemplate } from './templates';

/** Every mail Gatehouse sends, by the template name carried in the email job. */
export const MAIL_TEMPLATES: Record<string, MailTemplate> = {
  [PASSWORD_RESET_TEMPLATE]: renderPasswordReset,
  [INVITATION_TEMPLATE]: renderInvitation,
  [AUDIT_DIGEST_TEMPLATE]: renderAuditDigest,
  [NOTIFICATION_TEMPLATE]: renderNotification,
  [WEBHOOK_DISABLED_TEMPLATE]: renderWebhookDisabled,
};
