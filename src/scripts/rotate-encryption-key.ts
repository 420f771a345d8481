import 'reflect-metadata';
import { rotateEncryptionKey } from '../auth/envelope-rotation';
import { SecretEnvelope } from '../auth/secret-envelope';
import { loadConfig } from '../config';
import { collectContributions } from '../services';
import { createDataSource } from '../db/data-source';

/**
 * `npm run rotate-encryption-key`: after a new key is put first in ENCRYPTION_KEYS (the old one kept
 * after it), moves every stored secret to the new key. Safe to run while the API serves and to run again.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL must be set');
  const envelope = new SecretEnvelope(config.encryptionKeys);
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: 2 });
  await dataSource.initialize();
  try {
    const results = await rotateEncryptionKey(dataSource, envelope, collectContributions().sealedColumns, { onBatch: ({ table, resealed }) => process.stdout.write(`${table}: ${resealed} re-encrypted so far\n`) });
    for (const { table, resealed, failed } of results) {
      process.stdout.write(`${table}: ${resealed} re-encrypted under key "${envelope.currentKeyId}"\n`);
      for (const { id, error } of failed) process.stderr.write(`${table} ${id}: ${error}\n`);
    }
    if (results.some((result) => result.failed.length > 0)) process.exitCode = 1;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
