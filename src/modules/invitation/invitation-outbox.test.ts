import { spawnRedisServer, type SpawnedRedis } from '../../queue/redis';
import { InviteMemberDocument } from '../../testing/generated/graphql';
import { createOrganization, createUser, createWorkspace } from '../../testing/fixtures';
import { startTestApp, uniqueEmail, type TestApp } from '../../testing/test-app';

/** Polls `condition` every 50 ms until it holds (the test's own timeout bounds it). */
async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
}

// A private redis-server: the run's shared Redis serves other test files in parallel and must stay up.
describe('invitation mail through the outbox', () => {
  let redis: SpawnedRedis;
  let redisDown = false;
  let app: TestApp;

  beforeAll(async () => {
    redis = await spawnRedisServer();
    app = await startTestApp({ worker: true, env: { REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    // The app's queues close cleanly only with Redis reachable, also when the test failed mid-outage.
    if (redisDown) redis = await spawnRedisServer({ port: Number(new URL(redis.url).port) });
    await app.stop();
    await redis.stop();
  });

  it('saves the invitation while Redis is down and mails it once Redis is back', async () => {
    const owner = await createUser(app, 'owner');
    const workspace = await createWorkspace(app, owner, await createOrganization(app, owner));
    const port = Number(new URL(redis.url).port);
    const outboxRows = async (invitationId: string) =>
      (await app.infra.dataSource.query('SELECT count(*)::int AS n FROM outbox_message WHERE job_id LIKE $1', [`invitation.${invitationId}.%`]))[0].n as number;

    await redis.stop();
    redisDown = true;
    await until(() => app.infra.redis.status !== 'ready');

    const email = uniqueEmail('offline');
    const { inviteMember } = await app.ok(InviteMemberDocument, { input: { workspaceId: workspace.id, email, role: 'VIEWER' } }, { token: owner.token });
    expect(inviteMember.invitation.status).toBe('PENDING');
    expect(await app.infra.dataSource.query('SELECT status FROM invitation WHERE id = $1', [inviteMember.invitation.id])).toEqual([{ status: 'PENDING' }]);
    // Nothing can reach BullMQ now: the mail waits in PostgreSQL, committed with the invitation.
    expect(await outboxRows(inviteMember.invitation.id)).toBe(1);
    expect(app.smtp!.messages.some((mail) => mail.to.includes(email))).toBe(false);

    redis = await spawnRedisServer({ port });
    redisDown = false;
    const mail = await app.smtp!.waitFor((received) => received.to.includes(email), 20_000);
    expect(mail.text).toMatch(/http:\/\/gatehouse\.test\/invitations\/gti_\w+/);
    expect(await outboxRows(inviteMember.invitation.id)).toBe(0);
    await until(() => app.infra.redis.status === 'ready');
  }, 40_000);
});
