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

describe('createTrpcClient subscriptions', () => {
  it('open one Server-Sent Events stream on /trpc, never through fetch, with the input and no cross-site credentials', async () => {
    const fetched: string[] = [];
    const fetch = async (target: RequestInfo | URL): Promise<Response> => {
      fetched.push(String(target));
      return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const opened: { url: string; init: { withCredentials?: boolean } | undefined }[] = [];
    class RecordingEventSource extends EventTarget {
      readonly CONNECTING = 0;
      readonly OPEN = 1;
      readonly CLOSED = 2;
      readyState = 0;
      constructor(url: string, init?: { withCredentials?: boolean }) {
        super();
        opened.push({ url, init });
        setTimeout(() => {
          this.dispatchEvent(new MessageEvent('connected', { data: '{}' }));
          this.dispatchEvent(new MessageEvent('message', { data: JSON.stringify({ n: 1 }), lastEventId: '42' }));
        }, 0);
      }
      close(): void {
        this.readyState = this.CLOSED;
      }
    }
    const client = createTrpcClient({ fetch, EventSource: RecordingEventSource });
    const boardId = 'BoardFluxoDemo01' as never;
    const ticketId = 'Ticket0000000001' as never;
    const received = await new Promise<unknown>((resolve) => {
      const subscription = client.comments.onTicket.subscribe(
        { boardId, ticketId, lastEventId: '7' },
        {
          onData: (event) => {
            subscription.unsubscribe();
            resolve(event);
          },
        },
      );
    });
    expect(received).toEqual({ id: '42', data: { n: 1 } });
    expect(fetched).toEqual([]);
    expect(opened).toHaveLength(1);
    const url = new URL(opened[0]?.url ?? '', 'http://localhost');
    expect(url.pathname).toBe('/trpc/comments.onTicket');
    expect(JSON.parse(url.searchParams.get('input') ?? 'null')).toEqual({ boardId, ticketId, lastEventId: '7' });
    expect(opened[0]?.init?.withCredentials).toBe(false);
  });
});
