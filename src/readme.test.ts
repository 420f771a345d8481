import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { WALKTHROUGH_TABS } from './graphql/graphiql';
import { createOrganization, createUser, createWorkspace } from './testing/fixtures';
import { postGraphQL, startTestApp, type TestApp } from './testing/test-app';
import { workspaceKey } from './testing/workspace-admin-helpers';

interface Snippet {
  language: string;
  code: string;
}

/** Fenced blocks in README order, indentation of list items removed. */
function readmeSnippets(): Snippet[] {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  return [...readme.matchAll(/^( *)```(\w+)\n([\s\S]*?)^\1```$/gm)].map(([, indent, language, code]) => ({
    language,
    code: code.split('\n').map((line) => line.slice(indent.length)).join('\n').trim(),
  }));
}

/** Comments and layout aside, the same document. */
const normalise = (document: string) => document.replace(/#.*$/gm, '').replace(/\s+/g, ' ').trim();

/** Every `{ …: { id } }` in a result, by its field name: what later snippets' "paste the <name> id" placeholders stand for. */
function collectIds(value: unknown, ids: Map<string, string>, key = ''): void {
  if (!value || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  if (typeof record.id === 'string' && key) ids.set(key, record.id);
  for (const [field, child] of Object.entries(record)) collectIds(child, ids, field);
}

describe('README', () => {
  let app: TestApp;

  beforeAll(async () => {
    // Its own database: the walk-through signs up a fixed address.
    app = await startTestApp({ ownDatabase: true });
  });
  afterAll(() => app.stop());

  it('runs every GraphQL snippet in order, as a reader would, threading the token and ids', async () => {
    const snippets = readmeSnippets();
    const graphql = snippets.filter((snippet) => snippet.language === 'graphql');
    expect(graphql.length).toBeGreaterThanOrEqual(6);
    let token: string | undefined;
    const ids = new Map<string, string>();
    for (const [index, snippet] of snippets.entries()) {
      if (snippet.language !== 'graphql') continue;
      // The JSON block that follows a snippet (before the next one) holds its variables, unless it is the headers.
      const next = snippets.slice(index + 1).find((candidate) => candidate.language === 'graphql' || candidate.language === 'json');
      const json = next?.language === 'json' ? (JSON.parse(next.code) as Record<string, string>) : undefined;
      const variables = json && !('Authorization' in json)
        ? Object.fromEntries(Object.entries(json).map(([name, placeholder]) => {
            const source = /^paste the (\w+) id$/.exec(placeholder)?.[1];
            expect(source && ids.has(source)).toBe(true);
            return [name, ids.get(source!)];
          }))
        : undefined;
      if (json && 'Authorization' in json) expect(json.Authorization).toMatch(/^Bearer gts_/);
      const result = await postGraphQL<Record<string, { token?: string }>>(app.url, { query: snippet.code, variables }, { token });
      expect({ snippet: snippet.code.split('\n')[0], errors: result.errors }).toEqual({ snippet: snippet.code.split('\n')[0], errors: undefined });
      collectIds(result.data, ids);
      token = result.data?.signUp?.token ?? token;
    }
    expect(token).toMatch(/^gts_/);
    expect(ids.has('workspace')).toBe(true);
  });

  it('runs every REST example (the bash blocks) in order with curl, each answering 2xx', async () => {
    const owner = await createUser(app, 'rest-reader');
    const workspace = await createWorkspace(app, owner, await createOrganization(app, owner));
    const key = await workspaceKey(app, owner, workspace.id, ['workspace:read', 'workspace:write']);
    const env = { ...process.env, GATEHOUSE: app.url.replace(/\/graphql$/, ''), TOKEN: owner.token, SLUG: workspace.slug, KEY: key.headers['x-api-key'] };
    const examples = readmeSnippets().filter((snippet) => snippet.language === 'bash');
    expect(examples.length).toBeGreaterThanOrEqual(8);
    for (const example of examples) {
      // --fail-with-body makes curl exit non-zero on a 4xx/5xx, and the body says why.
      const run = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', example.code], { env }).catch((error: { stdout?: string; stderr?: string }) => ({
        stdout: `FAILED: ${error.stdout ?? ''} ${error.stderr ?? ''}`,
      }));
      expect({ example: example.code.split('\n')[0], answered: run.stdout.startsWith('{') }).toEqual({ example: example.code.split('\n')[0], answered: true });
    }
  });

  it("matches GraphiQL's first-visit tabs step for step", () => {
    const graphql = readmeSnippets().filter((snippet) => snippet.language === 'graphql').map((snippet) => normalise(snippet.code));
    expect(graphql.slice(0, WALKTHROUGH_TABS.length)).toEqual(WALKTHROUGH_TABS.map((tab) => normalise(tab.query)));
  });
});
