import { escapeHtml, layout, type RenderedMail } from '../../mail/templates';

export const PASSWORD_RESET_TEMPLATE = 'password_reset';

export function renderPasswordReset(data: Record<string, unknown>): RenderedMail {
  const { name, resetUrl, expiresInMinutes } = data as { name: string; resetUrl: string; expiresInMinutes: number };
  return {
    subject: 'Reset your Gatehouse password',
    text: `Hello ${name},\n\nSomeone asked to reset the password of your Gatehouse account. To choose a new one, open:\n\n${resetUrl}\n\nThe link works once and expires in ${expiresInMinutes} minutes. If you did not ask for this, ignore this mail; your password stays as it is.\n`,
    html: layout({
      title: 'Reset your password',
      paragraphs: [
        `Hello ${escapeHtml(name)},`,
        'Someone asked to reset the password of your Gatehouse account.',
        `The link works once and expires in ${escapeHtml(expiresInMinutes)} minutes. If you did not ask for this, ignore this mail.`,
      ],
      action: { label: 'Choose a new password', url: resetUrl },
    }),
  };
}
