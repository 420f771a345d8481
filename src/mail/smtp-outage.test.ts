import { settle } from '../testing/jobs';
import { createUser } from '../testing/fixtures';
import { RequestPasswordResetDocument } from '../testing/generated/graphql';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('the mail server down, then up again', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
  });
  afterAll(() => app.stop());

  it('delivers a mail queued while it was down exactly once, when it is back', async () => {
    const smtp = app.smtp!;
    const user = await createUser(app, 'smtp-outage');
    await smtp.stop();

    await app.ok(RequestPasswordResetDocument, { input: { email: user.email } });
    // The send failed and waits for its retry: the job is there, with one attempt made.
    const email = app.infra.queues.email;
    for (;;) {
      const retrying = await email.getJobs(['delayed']);
      if (retrying.some((job) => job?.attemptsMade >= 1)) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(smtp.messages.filter((mail) => mail.to.includes(user.email))).toEqual([]);

    await smtp.start();
    const mail = await smtp.waitFor((received) => received.to.includes(user.email), 20_000);
    await settle(email);
    expect(smtp.messages.filter((received) => received.to.includes(user.email))).toEqual([mail]);
  });
});
