import { postGraphQL } from '../src/testing/test-app';

export interface Throughput {
  requests: number;
  seconds: number;
  perSecond: number;
}

/** Sends `total` requests with `concurrency` in flight over keep-alive HTTP and reports requests per second. */
export async function measureThroughput(url: string, body: unknown, headers: Record<string, string>, total: number, concurrency = 32): Promise<Throughput> {
  let sent = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (sent < total) {
        sent++;
        const result = await postGraphQL(url, body, { headers });
        if (result.errors?.length) throw new Error(`benchmark request failed: ${JSON.stringify(result.errors)}`);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { requests: total, seconds, perSecond: total / seconds };
}
