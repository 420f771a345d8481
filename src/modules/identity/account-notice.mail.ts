import { escapeHtml, layout, type RenderedMail } from '../../mail/templates';

export const ACCOUNT_NOTICE_TEMPLATE = 'account_notice';

export interface AccountNoticeData {
  name: string;
  /** What happened, as one sentence. */
  headline: string;
  /** What else changed because of it (credentials revoked), one per line. */
  details: string;
}

/**
 * A security notice about the account. It carries no link on purpose: a mail that says "your password
 * changed" with a link is what a phishing mail looks like, so the person is told to sign in themselves.
 */
export function renderAccountNotice(data: Record<string, unknown>): RenderedMail {
  const { name, headline } = data as unknown as AccountNoticeData;
  const details = (data as unknown as AccountNoticeData).details.split('\n').filter(Boolean);
  const advice = 'If this was not you, sign in to Gatehouse yourself (do not follow links in mail), reset your password and sign out every device.';
  return {
    subject: `Gatehouse security notice: ${headline}`,
    text: `Hello ${name},\n\n${headline}\n${details.map((line) => `\n- ${line}`).join('')}${details.length ? '\n' : ''}\n${advice}\n`,
    html: layout({ title: 'Security notice', paragraphs: [`Hello ${escapeHtml(name)},`, escapeHtml(headline), ...details.map(escapeHtml), escapeHtml(advice)] }),
  };
}
