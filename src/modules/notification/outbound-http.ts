import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/** What one POST came to. `status` is null when no response arrived (refused, timed out, unreachable). */
export interface HttpOutcome {
  status: number | null;
  headers: IncomingHttpHeaders;
  /** The first few KB of the response, for receivers (Slack's API) that answer in the body. */
  body: string;
  durationMs: number;
  error?: string;
}

export const MAX_REQUEST_BYTES = 20 * 1024;
const TIMEOUT_MS = 15_000;
const MAX_RESPONSE_BYTES = 4096;

/**
 * POSTs to addresses that people type in (webhook endpoints, Slack URLs). The agents check the
 * address each connection actually goes to, after DNS resolution, so a name that resolves to a
 * private, loopback, link-local or cloud-metadata address is refused at connect time; a rebinding
 * DNS answer cannot slip past a check made earlier. Node's http/https is used because fetch (undici)
 * does not take these agents. Redirects are not followed: a 3xx is a failed attempt.
 */
export class OutboundHttp {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(allowPrivate: boolean) {
    const options = { keepAlive: true, allowPrivateIPAddress: allowPrivate, allowMetaIPAddress: allowPrivate };
    this.httpAgent = new RequestFilteringHttpAgent(options);
    this.httpsAgent = new RequestFilteringHttpsAgent(options);
  }

  post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<HttpOutcome> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    const failed = (error: string): HttpOutcome => ({ status: null, headers: {}, body: '', durationMs: elapsed(), error });
    const bytes = Buffer.byteLength(body);
    if (bytes > MAX_REQUEST_BYTES) return Promise.resolve(failed(`payload of ${bytes} bytes is over the ${MAX_REQUEST_BYTES}-byte limit`));
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return Promise.resolve(failed('not a valid URL'));
    }
    const secure = target.protocol === 'https:';
    const transport = secure ? https : http;
    return new Promise((resolve) => {
      let request: http.ClientRequest;
      try {
        request = transport.request(
        target,
        {
          method: 'POST',
          agent: secure ? this.httpsAgent : this.httpAgent,
          headers: { 'content-type': 'application/json', 'content-length': String(bytes), 'user-agent': 'Gatehouse-Notifications/1', ...headers },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          response.on('data', (chunk: Buffer) => {
            if (kept < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - kept));
            kept += chunk.length;
          });
          response.on('end', () => {
            clearTimeout(timer);
            resolve({ status: response.statusCode ?? null, headers: response.headers, body: Buffer.concat(chunks).toString('utf8'), durationMs: elapsed() });
          });
          response.on('error', (error) => {
            clearTimeout(timer);
            resolve(failed(error.message));
          });
        },
      );
      } catch (error) {
        // The agent refuses an IP-literal address synchronously, before any connection.
        resolve(failed(describeError(error as Error)));
        return;
      }
      const timer = setTimeout(() => request.destroy(new Error(`no response within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
      request.on('error', (error) => {
        clearTimeout(timer);
        resolve(failed(describeError(error)));
      });
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function describeError(error: Error): string {
  // request-filtering-agent's refusal: say what it means without echoing internals.
  if (/is not allowed/i.test(error.message)) return 'refused: the address is private, loopback, link-local or a metadata address';
  return error.message;
}

/** Retry-After in seconds or as an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(headers: IncomingHttpHeaders, now: number): number | undefined {
  const raw = headers['retry-after'];
  if (typeof raw !== 'string') return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
