import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The committed contract: every call a test makes is checked against it, both ways. */
const OPENAPI = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, { content?: unknown }> }>>;
};

const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema(OPENAPI, 'openapi.json');

const pointer = (...segments: string[]): string => segments.map((segment) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

function check(ref: string, value: unknown, what: string): void {
  const validate = ajv.getSchema(`openapi.json#/${ref}`) ?? ajv.compile({ $ref: `openapi.json#/${ref}` });
  if (!validate(value)) throw new Error(`${what} does not match openapi.json: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value, null, 2)}`);
}

/** The documented path template a concrete path is an instance of (without its `/w/{slug}` prefix). */
function templateOf(method: string, concrete: string): string {
  const bare = concrete.split('?')[0].replace(/^\/w\/[^/]+/, '');
  const template = Object.keys(OPENAPI.paths).find((candidate) => new RegExp(`^${candidate.replace(/\{\w+\}/g, '[^/]+')}$`).test(bare) && OPENAPI.paths[candidate][method]);
  if (!template) throw new Error(`${method.toUpperCase()} ${bare} is not in openapi.json`);
  return template;
}

export interface RestCall {
  token?: string;
  apiKey?: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** The request breaks the contract on purpose (a test of the 400): it is sent unchecked. */
  malformed?: boolean;
}

export interface RestAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the documented shape it asked for
  body: any;
}

/** Calls Gatehouse's REST paths, checking the request and the answer against openapi.json. */
export function restClient(graphqlUrl: string) {
  const base = graphqlUrl.replace(/\/graphql$/, '');
  return async function rest(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, call: RestCall = {}): Promise<RestAnswer> {
    const verb = method.toLowerCase();
    const template = templateOf(verb, url);
    const operation = OPENAPI.paths[template][verb];
    if (call.body !== undefined && !call.malformed) {
      if (!operation.requestBody) throw new Error(`${method} ${template} takes no body`);
      check(pointer('paths', template, verb, 'requestBody', 'content', 'application/json', 'schema'), call.body, `The request body of ${method} ${template}`);
    }
    const response = await fetch(`${base}${url}`, {
      method,
      headers: {
        ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
        ...(call.apiKey ? { 'x-api-key': call.apiKey } : {}),
        ...call.headers,
      },
      body: call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body),
    });
    const text = await response.text();
    const body = text ? JSON.parse(text) : undefined;
    const status = String(response.status);
    const documented = operation.responses[status];
    if (!documented) throw new Error(`${method} ${url} answered ${status}, which openapi.json does not list for it: ${text}`);
    if (documented.content) check(pointer('paths', template, verb, 'responses', status, 'content', 'application/json', 'schema'), body, `The ${status} answer of ${method} ${template}`);
    return { status: response.status, headers: response.headers, body };
  };
}
