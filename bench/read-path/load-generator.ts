import autocannon from 'autocannon';

/**
 * The load, in a process of its own (forked by the bench) so generating it does not share an event
 * loop with the bench or a server: each message is one autocannon run, answered with its figures.
 */
export interface LoadRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  seconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  /** Responses other than 2xx, plus connection errors and timeouts: any makes the figures suspect. */
  failures: number;
}

process.on('message', (request: LoadRequest) => {
  autocannon(
    {
      url: request.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...request.headers },
      body: request.body,
      connections: request.connections,
      duration: request.seconds,
      // Closed loop: a slow request is waited for, never abandoned and resent while the server still works on it.
      timeout: 120,
    },
    (error, result) => {
      if (error) {
        process.send!({ error: String(error) });
        return;
      }
      const answer: LoadResult = {
        requestsPerSecond: result.requests.total / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        failures: result.non2xx + result.errors + result.timeouts,
      };
      process.send!(answer);
    },
  );
});
