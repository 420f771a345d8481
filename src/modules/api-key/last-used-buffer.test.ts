import { createDataSource } from '../../db/data-source';
import { startTestApp, type TestApp } from '../../testing/test-app';
import { createUser } from '../../testing/fixtures';
import { CreatePersonalApiKeyDocument } from '../../testing/generated/graphql';
import { LastUsedBuffer } from './last-used-buffer';

describe('LastUsedBuffer', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.stop());

  it('keeps its batch when the write fails and writes it on the next flush', async () => {
    const person = await createUser(app, 'buffered');
    const { createPersonalApiKey } = await app.ok(CreatePersonalApiKeyDocument, { input: { name: 'buffered', expiresInDays: 1 } }, { token: person.token });
    const keyId = createPersonalApiKey.apiKey.id;
    // A connection of the buffer's own, closed to make the write fail as when the database is unreachable.
    const dataSource = createDataSource({ url: process.env.GATEHOUSE_TEST_DATABASE_URL as string, poolSize: 1 });
    await dataSource.initialize();
    const buffer = new LastUsedBuffer(dataSource);
    const usedAt = new Date('2026-01-02T03:04:05.000Z');
    buffer.note(keyId, null, usedAt);
    await dataSource.destroy();
    await expect(buffer.flush()).rejects.toThrow();

    await dataSource.initialize();
    try {
      await buffer.flush();
    } finally {
      await dataSource.destroy();
    }
    const [row] = await app.infra.dataSource.query('SELECT last_used_at FROM api_key WHERE id = $1', [keyId]);
    expect(row.last_used_at).toEqual(usedAt);
  });
});
