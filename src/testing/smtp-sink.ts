import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface SmtpSinkOptions {
  /**
   * Awaited before the server answers a message's DATA: until it resolves the message is neither
   * accepted nor in `messages` (a test can hold a sender mid-send this way).
   */
  beforeAccept?: (mail: ReceivedMail) => Promise<void>;
  /**
   * False keeps only the envelope recipients (subject, text and html stay empty): parsing costs
   * about 50 ms of CPU a message, which would make a benchmark measure the sink rather than the sender.
   */
  parse?: boolean;
}

/** A real SMTP server on a free local port that keeps what it receives, for tests to read. */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  private readonly waiters: Array<() => void> = [];
  private server?: SMTPServer;
  port = 0;

  constructor(private readonly options: SmtpSinkOptions = {}) {}

  async start(): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const parsed =
          this.options.parse === false
            ? new Promise<ReceivedMail>((resolve, reject) => {
                stream.on('error', reject).on('end', () => resolve({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), subject: '', text: '', html: '', messageId: '' }));
                stream.resume();
              })
            : simpleParser(stream).then((mail: ParsedMail) => {
                const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((address) => address.value.map((entry) => entry.address ?? ''));
                return { to, subject: mail.subject ?? '', text: mail.text ?? '', html: typeof mail.html === 'string' ? mail.html : '', messageId: mail.messageId ?? '' };
              });
        parsed
          .then(async (received) => {
            await this.options.beforeAccept?.(received);
            this.messages.push(received);
            this.waiters.splice(0).forEach((wake) => wake());
            callback();
          })
          .catch(callback);
      },
    });
    // A sender that dies mid-message (the crash tests kill workers) resets its connection inside the
    // transaction, and smtp-server reports that as an 'error' event, which unheard would fail the test
    // file. The message was never accepted, so it is not in `messages`, as with a real server.
    this.server.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') throw error;
    });
    // Started again after stop(), it listens on the same port: senders configured with it find it back.
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as { port: number }).port;
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Resolves with the first message matching `predicate`, waiting up to `timeoutMs` for it to arrive. */
  async waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs = 15_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(predicate);
      if (found) return found;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`No matching mail within ${timeoutMs} ms; received: ${this.messages.map((mail) => `${mail.to.join(',')}: ${mail.subject}`).join(' | ') || 'nothing'}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/**
 * A sink that holds the first message it receives (that `matches`) before accepting it: `held` resolves when a sender is
 * stuck there, `release()` lets it through (never called: the sender stays stuck until killed).
 */
export function holdingFirstMessage(matches: (mail: ReceivedMail) => boolean = () => true): { sink: SmtpSink; held: Promise<void>; release(): void } {
  let signalHeld!: () => void;
  const held = new Promise<void>((resolve) => (signalHeld = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding = false;
  const sink = new SmtpSink({
    beforeAccept: (mail) => {
      if (holding || !matches(mail)) return Promise.resolve();
      holding = true;
      signalHeld();
      return released;
    },
  });
  return { sink, held, release };
}
