import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: URLSearchParams;
}

/** Answers the two Stripe calls Gatehouse makes, the way Stripe does, and keeps every request for the test to check. */
export async function startStripeStandIn() {
  const requests: StripeRequest[] = [];
  let customers = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = new URLSearchParams(raw);
      requests.push({ method: req.method!, path: req.url!, authorization: req.headers.authorization, body });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'POST' && req.url === '/v1/customers') {
        res.end(JSON.stringify({ id: `cus_standin${++customers}`, object: 'customer', name: body.get('name') }));
      } else if (req.method === 'POST' && req.url === '/v1/billing_portal/sessions') {
        res.end(JSON.stringify({ id: 'bps_1', object: 'billing_portal.session', customer: body.get('customer'), url: `https://billing.stripe.test/p/session/${body.get('customer')}` }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: { type: 'invalid_request_error', message: `unexpected ${req.method} ${req.url}` } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { requests, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
