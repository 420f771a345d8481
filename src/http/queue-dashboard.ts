import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Router, type Request } from 'express';
import type { CredentialVerifier } from '../auth/principal';
import type { Infrastructure, Services } from '../services';

const BASE_PATH = '/admin/queues';
const COOKIE = 'gatehouse_operator_session';

/**
 * Bull Board at /admin/queues for platform operators (OPERATOR_EMAILS) with a signed-in session: the
 * session token as `Authorization: Bearer`, or, for a browser, in a cookie that
 * `POST /admin/queues/session` with that header sets (HttpOnly, SameSite=Strict, scoped to this path).
 * Anyone else gets 404, as if the dashboard did not exist.
 */
export function queueDashboard(infra: Infrastructure, services: Services, verifiers: readonly CredentialVerifier[]): Router {
  const operators = new Set(infra.config.operatorEmails);
  const router = Router();
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BASE_PATH);
  createBullBoard({ queues: Object.values(infra.queues).map((queue) => new BullMQAdapter(queue)), serverAdapter, options: { uiConfig: { boardTitle: 'Gatehouse queues' } } });

  const sessionToken = (req: Request): string | undefined => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (bearer) return bearer;
    const cookies = (req.headers.cookie ?? '').split(';').map((part) => part.trim().split('='));
    return cookies.find(([name]) => name === COOKIE)?.[1];
  };
  const isOperator = async (req: Request): Promise<boolean> => {
    const token = sessionToken(req);
    if (!token || operators.size === 0) return false;
    const credential = { transport: 'bearer' as const, secret: token };
    // Sessions only: an API key acting for an operator does not open the dashboard.
    const verifier = verifiers.find((candidate) => candidate.accepts(credential));
    const principal = verifier ? await verifier.verify(credential, { ip: req.ip ?? 'unknown', userAgent: req.headers['user-agent'] ?? 'unknown' }) : undefined;
    if (!principal || !('type' in principal) || principal.type !== 'user' || principal.via !== 'session') return false;
    const user = await services.identity.getUser(principal.userId);
    return operators.has(user.email.toLowerCase());
  };

  router.use(BASE_PATH, (req, res, next) => {
    isOperator(req).then(
      (allowed) => (allowed ? next() : res.status(404).type('text').send('Not found')),
      next,
    );
  });
  router.post(`${BASE_PATH}/session`, (req, res) => {
    res
      .cookie(COOKIE, sessionToken(req), { httpOnly: true, sameSite: 'strict', secure: infra.config.publicUrl.startsWith('https:'), path: BASE_PATH })
      .status(204)
      .end();
  });
  router.use(BASE_PATH, serverAdapter.getRouter() as Router);
  return router;
}
