import { once } from 'node:events';
import net from 'node:net';
import { createTransport } from 'nodemailer';
import { SmtpSink } from './smtp-sink';

// The crash tests kill workers that may be mid-message; the sink must outlive such a sender.
describe('the SMTP sink', () => {
  it('survives a sender reset mid-message, keeps nothing of that message, and goes on receiving', async () => {
    const sink = new SmtpSink();
    const port = Number(new URL(await sink.start()).port);
    try {
      const socket = net.connect(port, '127.0.0.1');
      const reply = async () => String((await once(socket, 'data'))[0]);
      expect(await reply()).toMatch(/^220/);
      for (const [command, code] of [['EHLO sender.test', /^250/], ['MAIL FROM:<a@sender.test>', /^250/], ['RCPT TO:<b@sink.test>', /^250/], ['DATA', /^354/]] as const) {
        socket.write(`${command}\r\n`);
        expect(await reply()).toMatch(code);
      }
      // The sink answered DATA and waits for the message's lines: the sender dies there.
      socket.resetAndDestroy();
      await once(socket, 'close');

      await createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail({ from: 'a@sender.test', to: 'c@sink.test', subject: 'after the reset', text: 'whole' });
      const mail = await sink.waitFor((received) => received.subject === 'after the reset');
      expect(mail.to).toEqual(['c@sink.test']);
      expect(sink.messages.map((received) => received.subject)).toEqual(['after the reset']);
    } finally {
      await sink.stop();
    }
  });
});
