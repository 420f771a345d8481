import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  raw: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer only once this settles: the request is recorded at once, the response held until then. */
  until?: Promise<unknown>;
}

/**
 * A local HTTP server standing in for a webhook endpoint, Slack or a push service: it records every
 * request and answers the queued replies in order, then `fallback`.
 */
export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly replies: Reply[] = [];
  fallback: Reply = { status: 200, body: '{"ok":true}' };
  private readonly server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      this.requests.push({ path: request.url ?? '/', headers: request.headers, body: raw.toString('utf8'), raw });
      const reply = this.replies.shift() ?? this.fallback;
      void Promise.resolve(reply.until).then(() => {
        response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        response.end(reply.body ?? '');
      });
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Polls `probe` until `done` accepts its value (15 s at most unless told). */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, what = 'condition', timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
