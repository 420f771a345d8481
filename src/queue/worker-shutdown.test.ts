import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createUser } from '../testing/fixtures';
import { RequestPasswordResetDocument } from '../testing/generated/graphql';
import { settle } from '../testing/jobs';
import { holdingFirstMessage, type SmtpSink } from '../testing/smtp-sink';
import { startTestApp, type TestApp } from '../testing/test-app';
import { spawnWorkerProcess } from '../testing/worker-process';

describe('a worker process stopped with SIGTERM in the middle of a job', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let smtpUrl: string;
  let child: ChildProcess | undefined;
  let release!: () => void;
  let held: Promise<void>;

  beforeAll(async () => {
    // The first message reaches the SMTP server and waits for the test's go before it is accepted.
    ({ sink, held, release } = holdingFirstMessage());
    smtpUrl = await sink.start();
    app = await startTestApp({ ownDatabase: true, env: { SMTP_URL: smtpUrl } });
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await app.stop();
    await sink.stop();
  });

  it('finishes the job in hand, then exits 0: the mail is delivered once', async () => {
    const user = await createUser(app, 'worker-stop');
    child = spawnWorkerProcess(app.infra, { SMTP_URL: smtpUrl, LOG_LEVEL: 'info' });
    const logs = createInterface({ input: child.stdout! });
    const stopping = new Promise<void>((resolve) => logs.on('line', (line) => line.includes('SIGTERM received') && resolve()));
    const exited = once(child, 'exit');

    await app.ok(RequestPasswordResetDocument, { input: { email: user.email } });
    await held;
    child.kill('SIGTERM');
    await stopping;
    release();
    const [code] = await exited;
    child = undefined;

    expect(code).toBe(0);
    await settle(app.infra.queues.email);
    expect(sink.messages.filter((mail) => mail.to.includes(user.email))).toHaveLength(1);
    expect(await app.infra.queues.email.getJobCounts('failed', 'active', 'waiting', 'delayed')).toEqual({ failed: 0, active: 0, waiting: 0, delayed: 0 });
  });
});
