import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ruruHTML, type RuruClientConfig } from 'ruru/server';
import { serveStatic } from 'ruru/static';

const STATIC_PATH = '/graphiql-assets/';

/**
 * GraphiQL (Ruru) served from the npm package's own files: nothing is fetched from a CDN.
 * Use it unmounted (`app.use(graphiqlAssets())`): it matches STATIC_PATH itself, and a mount path
 * would be stripped from `req.url` before it looks.
 */
export function graphiqlAssets(): RequestHandler {
  const handler = serveStatic(STATIC_PATH);
  return (req, res, next) => handler(req, res, next);
}

/** A browser opening /graphql: a GET wanting HTML, without a `query` parameter. */
export function wantsGraphiql(req: IncomingMessage): boolean {
  if (req.method !== 'GET' || !(req.headers.accept ?? '').includes('text/html')) return false;
  const url = req.url ?? '';
  const search = url.indexOf('?');
  return search === -1 || !new URLSearchParams(url.slice(search + 1)).get('query');
}

const SIGN_UP = `# Welcome to Gatehouse. This tab signs you up; the next tabs walk on:
# 2 Viewer → 3 Organization → 4 Workspace → 5 Key.
#
# Run SignUp (▶), copy the "token" from the result, and open the Headers tab below:
#   { "Authorization": "Bearer gts_…" }
# Each tab has its own headers: paste the same line in every tab you use.
mutation SignUp {
  signUp(input: { email: "ada@example.com", password: "correct horse battery", name: "Ada" }) {
    token
    viewer { id name email sessions { current } }
  }
}
`;

const VIEWER = `# Who am I? Needs the Authorization header (see the first tab).
query Viewer {
  viewer { id name email sessions { userAgent current } organizations { id name } }
}
`;

const ORGANIZATION = `# You become the first OWNER of the organization you create. Keep its id for the next tab.
mutation CreateOrganization {
  createOrganization(input: { name: "Acme" }) {
    organization { id name viewerRole }
  }
}
`;

const WORKSPACE = `# Paste the organization id from the previous tab into the variables below.
mutation CreateWorkspace($organizationId: ID!) {
  createWorkspace(input: { organizationId: $organizationId, name: "Production", slug: "acme-production", region: "eu-west-1" }) {
    workspace { id name slug region }
  }
}
`;

const KEY = `# A workspace API key: shown once, sent as the x-api-key header. Paste the workspace id below.
mutation CreateWorkspaceApiKey($workspaceId: ID!) {
  createWorkspaceApiKey(input: { workspaceId: $workspaceId, name: "CI deploy", scopes: ["workspace:read"] }) {
    key
    apiKey { id name scopes }
  }
}
`;

/** The explorer's first visit: one tab per step of the walk-through (GraphiQL keeps the user's tabs after that). */
export const WALKTHROUGH_TABS = [
  { query: SIGN_UP },
  { query: VIEWER },
  { query: ORGANIZATION },
  { query: WORKSPACE, variables: JSON.stringify({ organizationId: 'paste the organization id' }, null, 2) },
  { query: KEY, variables: JSON.stringify({ workspaceId: 'paste the workspace id' }, null, 2) },
];

// defaultTabs is GraphiQL's own prop, which Ruru passes through although its config type does not list it.
const clientConfig: Partial<RuruClientConfig> & { defaultTabs: typeof WALKTHROUGH_TABS } = { isHeadersEditorEnabled: true, defaultQuery: SIGN_UP, defaultTabs: WALKTHROUGH_TABS };

export function graphiqlPage(endpoint: string): string {
  return ruruHTML({
    endpoint,
    staticPath: STATIC_PATH,
    htmlParts: { titleTag: '<title>Gatehouse GraphQL explorer</title>' },
    clientConfig: clientConfig as RuruClientConfig,

  });
}
