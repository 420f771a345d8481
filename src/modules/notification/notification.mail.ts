import { escapeHtml, layout, type RenderedMail } from '../../mail/templates';

export const NOTIFICATION_TEMPLATE = 'notification';
export const WEBHOOK_DISABLED_TEMPLATE = 'webhook_endpoint_disabled';

export interface NotificationMailData {
  workspaceName: string;
  eventType: string;
  title: string;
  body: string;
  url: string | null;
  unsubscribeUrl: string;
}

export function renderNotification(data: Record<string, unknown>): RenderedMail {
  const { workspaceName, eventType, title, body, url, unsubscribeUrl } = data as unknown as NotificationMailData;
  const footer = `You receive this as a member of ${workspaceName}. Turn off email updates: ${unsubscribeUrl}`;
  return {
    subject: `[${workspaceName}] ${title}`,
    text: `${title}\n\n${body}\n${url ? `\n${url}\n` : ''}\n(${eventType})\n\n${footer}\n`,
    html: layout({
      title,
      paragraphs: [escapeHtml(body).replace(/\n/g, '<br>'), `<small>${escapeHtml(eventType)}</small>`, `<a href="${escapeHtml(unsubscribeUrl)}">Turn off email updates</a>`],
      action: url ? { label: 'Open', url } : undefined,
      footer: `You receive this as a member of ${workspaceName}.`,
    }),
  };
}

export interface WebhookDisabledMailData {
  workspaceName: string;
  url: string;
  hours: number;
}

export function renderWebhookDisabled(data: Record<string, unknown>): RenderedMail {
  const { workspaceName, url, hours } = data as unknown as WebhookDisabledMailData;
  const text = `Every delivery to the webhook endpoint ${url} of ${workspaceName} has failed for ${hours} hours, so it is disabled. Gatehouse tries it every hour; on its first success it is re-enabled and receives what it missed, in order.`;
  return { subject: `[${workspaceName}] Webhook endpoint disabled`, text: `${text}\n`, html: layout({ title: 'Webhook endpoint disabled', paragraphs: [escapeHtml(text)] }) };
}
