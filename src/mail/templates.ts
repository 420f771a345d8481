export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export type MailTemplate = (data: Record<string, unknown>) => RenderedMail;

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The shared frame around every HTML mail: one paragraph per entry, an optional call to action. */
export function layout(options: { title: string; paragraphs: string[]; action?: { label: string; url: string }; footer?: string }): string {
  const action = options.action
    ? `<p><a href="${escapeHtml(options.action.url)}" style="display:inline-block;padding:10px 16px;background:#1f6feb;color:#fff;text-decoration:none;border-radius:6px">${escapeHtml(options.action.label)}</a></p>`
    : '';
  return `<!doctype html><html><body style="font-family:system-ui,sans-serif;max-width:560px;margin:auto;color:#1f2328">
<h2>${escapeHtml(options.title)}</h2>
${options.paragraphs.map((paragraph) => `<p>${paragraph}</p>`).join('\n')}
${action}
<p style="color:#656d76;font-size:12px">${escapeHtml(options.footer ?? 'Sent by Gatehouse.')}</p>
</body></html>`;
}
