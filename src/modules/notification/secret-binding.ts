/** SecretEnvelope associated data (`workspaceId|rowId|field`): a sealed value opens only on its own row and field. */
export const webhookSecretData = (workspaceId: string, endpointId: string, which: 'current' | 'previous' = 'current'): string =>
  `${workspaceId}|${endpointId}|${which === 'current' ? 'secret' : 'previous_secret'}`;

export const slackSecretData = (workspaceId: string): string => `${workspaceId}|${workspaceId}|slack`;
