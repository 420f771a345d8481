import type { Request, RequestHandler } from 'express';
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

export function wantsGraphiql(req: Request): boolean {
  return req.method === 'GET' && !req.query.query && (req.headers.accept ?? '').includes('text/html');
}

export function graphiqlPage(endpoint: string): string {
  return ruruHTML({
    endpoint,
    staticPath: STATIC_PATH,
    clientConfig: {
      isHeadersEditorEnabled: true,
      defaultQuery: `# Sign up, copy the token into Headers as {"Authorization": "Bearer <token>"}, then ask for the viewer.
mutation SignUp {
  signUp(input: { email: "ada@example.com", password: "correct horse battery", name: "Ada" }) {
    token
    viewer { id name email }
  }
}

query Viewer {
  viewer { id name email sessions { userAgent current } }
}
`,
    } as RuruClientConfig,
  });
}
