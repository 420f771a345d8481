import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Readable, Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import zlib from 'node:zlib';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import proxyAddr from 'proxy-addr';
import type { Context } from '../graphql/context';
import { wantsGraphiql } from '../graphql/graphiql';
import { completionLog, requestIdOf } from '../logger';
import { timeResponse } from '../metrics';

/** What a context is built from, on /graphql and the REST paths alike. */
export interface Caller {
  headers: IncomingHttpHeaders;
  ip: string;
  requestId: string;
}

export interface GraphqlEndpointOptions {
  apollo: ApolloServer<Context>;
  context(caller: Caller): Promise<Context>;
  /** Express's compiled `trust proxy fn`, so the client IP is what `req.ip` would be. */
  trustProxy: (address: string, hop: number) => boolean;
  /** The largest body, in bytes. */
  bodyLimit: number;
  maxBatch: number;
  logger: Logger;
  /** True once the server drains: responses then close their keep-alive connections. */
  draining(): boolean;
}

/** The paths `app.use('/graphql')` matched: any case, and anything below it. */
const GRAPHQL_PATH = /^\/graphql(?:\/|$)/i;

/** What `express.json()` answered for a body it would not parse, as a status and a message. */
class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const DECOMPRESSORS: Record<string, (() => Transform) | undefined> = {
  gzip: zlib.createGunzip,
  deflate: zlib.createInflate,
  br: zlib.createBrotliDecompress,
  // Node 22.15 and later.
  zstd: (zlib as { createZstdDecompress?: () => Transform }).createZstdDecompress,
};

const utf8 = new TextDecoder();

/** The decoder for a JSON body's charset (UTF only, as RFC 7159 says), which also drops a byte order mark. */
function decoderOf(contentType: string): TextDecoder {
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1].toLowerCase();
  if (charset === undefined || charset === 'utf-8') return utf8;
  try {
    if (charset.startsWith('utf-')) return new TextDecoder(charset);
  } catch {
    // An unknown label: refused below like any other charset.
  }
  throw new BodyError(415, `unsupported charset "${charset.toUpperCase()}"`);
}

function readStream(req: IncomingMessage, limit: number): Promise<Buffer> {
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decompress = encoding === 'identity' ? undefined : DECOMPRESSORS[encoding];
  if (encoding !== 'identity' && !decompress) return Promise.reject(new BodyError(415, `unsupported content encoding "${encoding}"`));
  if (!decompress && Number(req.headers['content-length']) > limit) {
    req.resume();
    return Promise.reject(new BodyError(413, `The body is larger than ${limit} bytes`));
  }
  const decompressor = decompress?.();
  const stream: Readable = decompressor ? req.pipe(decompressor) : req;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const fail = (error: BodyError) => {
      stream.removeAllListeners('data');
      if (decompressor) {
        req.unpipe(decompressor);
        decompressor.destroy();
      }
      // Read off the rest, so the connection can serve the caller's next request.
      req.resume();
      reject(error);
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return fail(new BodyError(413, `The body is larger than ${limit} bytes`));
      chunks.push(chunk);
    });
    stream.once('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    stream.once('error', () => fail(new BodyError(400, decompressor ? `The body does not decode as ${encoding}` : 'request aborted')));
    req.once('close', () => {
      if (!req.complete) fail(new BodyError(400, 'request aborted'));
    });
  });
}

/**
 * The body as `express.json()` read it: only `application/json` (any case, with a UTF charset) is
 * parsed, else the body is left to Apollo (its CSRF and content-type answers); gzip, deflate and br
 * bodies are decompressed; an empty body is {}; anything but an object or array is refused.
 */
async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const { headers } = req;
  const hasBody = headers['transfer-encoding'] !== undefined || !Number.isNaN(Number(headers['content-length']));
  const contentType = headers['content-type'];
  if (!hasBody || !contentType) return undefined;
  const semicolon = contentType.indexOf(';');
  if ((semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() !== 'application/json') return undefined;
  const decoder = decoderOf(contentType);
  const text = decoder.decode(await readStream(req, limit));
  if (text.length === 0) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BodyError(400, 'The body is not valid JSON');
  }
  if (typeof body !== 'object' || body === null) throw new BodyError(400, 'The body is not a JSON object or array');
  return body;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

const requestError = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/** Past this many characters V8 keeps a string in fresh pages of its own (a 128 KB object, two bytes a character at worst). */
const LARGE_BODY_CHARS = 64 * 1024;

/**
 * A large body as bytes, encoded here once. Given the string, Node measured it, then joined the
 * headers to it and encoded that: V8 copied the body twice into fresh memory, and on this VM the
 * page faults of a 250 KB dashboard cost more than its JSON.stringify (sequential dashboards: 155 →
 * 84 faults and 3.3 → 2.2 ms of system time per request). A small body stays a string, which Node
 * sends with the headers in one write rather than two chunks (`{ __typename }` was slower as bytes).
 */
const encodedOnce = (body: string): string | Buffer => (body.length > LARGE_BODY_CHARS ? Buffer.from(body) : body);

/**
 * Serves /graphql ahead of Express, handing every other request (and a browser's GraphiQL page) to
 * `fallback`. Express's per-request machinery (router, body-parser, raw-body, type-is, the Apollo
 * integration) was a quarter of the CPU of a small query on this, the hottest path; what it did here
 * is done below: request id and log line, HTTP metrics, drain, client IP, JSON body, batch limit.
 */
export function withGraphqlEndpoint(options: GraphqlEndpointOptions, fallback: RequestListener): RequestListener {
  const { apollo, bodyLimit, maxBatch, logger } = options;
  const logCompleted = completionLog(logger);

  async function serve(req: IncomingMessage, res: ServerResponse, search: string, requestId: string): Promise<void> {
    let body: unknown;
    try {
      body = await readJsonBody(req, bodyLimit);
    } catch (error) {
      if (!(error instanceof BodyError)) throw error;
      return sendJson(res, error.status, requestError(error.message, 'BAD_REQUEST'));
    }
    // Batching is allowed, within a limit, and each operation in a batch is checked on its own.
    if (Array.isArray(body) && body.length > maxBatch) return sendJson(res, 400, requestError(`A batch may hold at most ${maxBatch} operations`, 'BAD_USER_INPUT'));

    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method!, headers, search, body },
      context: () => options.context({ headers: req.headers, ip: proxyAddr(req, options.trustProxy) ?? 'unknown', requestId }),
    });
    for (const [name, value] of response.headers) res.setHeader(name, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      const body = encodedOnce(response.body.string);
      res.setHeader('content-length', Buffer.byteLength(body));
      return void res.end(body);
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  }

  return (req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (!GRAPHQL_PATH.test(path) || wantsGraphiql(req)) return fallback(req, res);

    const requestId = requestIdOf(req.headers);
    res.setHeader('x-request-id', requestId);
    logCompleted?.(req, res, requestId);
    timeResponse(req.method, path, res);
    // A client kept alive would go on sending here after the port closes: it reconnects elsewhere instead.
    if (options.draining()) res.setHeader('connection', 'close');
    serve(req, res, query === -1 ? '' : url.slice(query), requestId).catch((error: unknown) => {
      logger.error({ err: error, requestId }, 'unexpected error serving /graphql');
      if (!res.headersSent) sendJson(res, 500, requestError('Internal server error', 'INTERNAL_SERVER_ERROR'));
      else res.destroy();
    });
  };
}
