import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config';
import { createTenant } from '../testing/fixtures';
import { ConnectSlackDocument, CreateModelIntegrationDocument, CreateWebhookEndpointDocument, RotateWebhookEndpointSecretDocument } from '../testing/generated/graphql';
import { TEST_ENCRYPTION_KEYS, startTestApp, type TestApp } from '../testing/test-app';
import { rotateEncryptionKey } from './envelope-rotation';
import { SecretEnvelope } from './secret-envelope';

// What a SecretEnvelope value looks like: version, key id, wrapped key, body.
const SEALED = '^v1\\.[^.]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$';

/**
 * `npm run rotate-encryption-key` re-encrypts the columns modules register. A sealed column nobody
 * registered would keep its old key until that key is retired, and then never open again.
 */
describe('encryption key rotation', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ ownDatabase: true, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    const tenant = await createTenant(app);
    const workspaceId = tenant.workspace.id;
    const token = { token: tenant.admin.token };
    await app.ok(CreateModelIntegrationDocument, { input: { workspaceId, provider: 'OPENAI', name: 'gpt', credential: 'sk-rotation-credential' } }, token);
    const { createWebhookEndpoint } = await app.ok(CreateWebhookEndpointDocument, { input: { workspaceId, url: 'https://hooks.example.com/in', eventTypes: ['RUN_FAILED'] } }, token);
    await app.ok(RotateWebhookEndpointSecretDocument, { input: { workspaceId, id: createWebhookEndpoint.endpoint.id } }, token);
    await app.ok(ConnectSlackDocument, { input: { workspaceId, webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX' } }, token);
  });
  afterAll(() => app.stop());

  /** Every text column of the schema that holds at least one sealed value. */
  async function sealedColumnsFound(): Promise<string[]> {
    const db = app.infra.dataSource;
    const columns: Array<{ table_name: string; column_name: string }> = await db.query(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying')`,
    );
    const found: string[] = [];
    for (const { table_name, column_name } of columns) {
      const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM "${table_name}" WHERE "${column_name}" ~ $1`, [SEALED]);
      if (count > 0) found.push(`${table_name}.${column_name}`);
    }
    return found.sort();
  }

  it('knows every column that holds a sealed value, and re-encrypts them all so the new key alone opens them', async () => {
    const registered = app.contributions.sealedColumns;
    const found = await sealedColumnsFound();
    expect(found).toEqual(['model_integration.credential', 'slack_connection.secret_sealed', 'webhook_endpoint.previous_secret_sealed', 'webhook_endpoint.secret_sealed']);
    expect(registered.map((column) => `${column.table}.${column.column}`).sort()).toEqual(found);

    const newKey = `k2:${randomBytes(32).toString('base64')}`;
    const both = new SecretEnvelope(loadConfig({ ENCRYPTION_KEYS: `${newKey},${TEST_ENCRYPTION_KEYS}` }).encryptionKeys);
    const results = await rotateEncryptionKey(app.infra.dataSource, both, registered);
    expect(results.map(({ table, resealed, failed }) => ({ table, resealed, failed }))).toEqual(registered.map(({ table }) => ({ table, resealed: 1, failed: [] })));

    const onlyNew = new SecretEnvelope(loadConfig({ ENCRYPTION_KEYS: newKey }).encryptionKeys);
    for (const { table, column, associatedData } of registered) {
      const rows: Array<{ sealed: string; ad: string }> = await app.infra.dataSource.query(`SELECT "${column}" AS sealed, ${associatedData} AS ad FROM "${table}" WHERE "${column}" IS NOT NULL`);
      for (const row of rows) expect(() => onlyNew.open(row.sealed, row.ad)).not.toThrow();
    }
  });
});
