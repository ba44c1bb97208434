import { describe, expect, it } from 'vitest';
import { MAX_BATCH_ITEMS, createTrpcClient } from './trpc';

describe('createTrpcClient', () => {
  it(`never batches more than ${MAX_BATCH_ITEMS} calls in one request (the server refuses more)`, async () => {
    const batchSizes: number[] = [];
    const fetch = async (target: RequestInfo | URL): Promise<Response> => {
      const url = new URL(String(target), 'http://localhost');
      const paths = decodeURIComponent(url.pathname.replace(/^\/trpc\//, '')).split(',');
      batchSizes.push(paths.length);
      const results = paths.map(() => ({ result: { data: null } }));
      return new Response(JSON.stringify(results), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const client = createTrpcClient({ fetch });
    await Promise.all(Array.from({ length: 60 }, () => client.auth.me.query()));
    expect(batchSizes.reduce((a, b) => a + b, 0)).toBe(60);
    expect(Math.max(...batchSizes)).toBeLessThanOrEqual(MAX_BATCH_ITEMS);
  });
});
