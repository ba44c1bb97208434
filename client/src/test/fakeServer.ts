/**
 * A fake Fluxo server at the HTTP boundary: a `fetch` that speaks tRPC's batch wire format
 * (no transformer), so tests run the real tRPC client, the real query/mutation factories and
 * the real error mapping — only the network is replaced. Subscriptions go through a fake
 * `EventSource` speaking tRPC's SSE events; tests drive each stream (`subscriptionsTo(path)`). Handlers are keyed by procedure path
 * ("auth.login") and get the parsed input; throwing `trpcError(...)` answers with a tRPC error.
 */
import { createTrpcClient, type TrpcClient } from '../data/trpc';

type TrpcErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'INTERNAL_SERVER_ERROR';

const ERRORS: Record<TrpcErrorCode, { rpc: number; http: number }> = {
  BAD_REQUEST: { rpc: -32600, http: 400 },
  UNAUTHORIZED: { rpc: -32001, http: 401 },
  FORBIDDEN: { rpc: -32003, http: 403 },
  NOT_FOUND: { rpc: -32004, http: 404 },
  CONFLICT: { rpc: -32009, http: 409 },
  TOO_MANY_REQUESTS: { rpc: -32029, http: 429 },
  INTERNAL_SERVER_ERROR: { rpc: -32603, http: 500 },
};

export class FakeTrpcError extends Error {
  constructor(
    readonly code: TrpcErrorCode,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export function trpcError(code: TrpcErrorCode, message: string, extra?: Readonly<Record<string, unknown>>) {
  return new FakeTrpcError(code, message, extra);
}

export type Handler = (input: unknown) => unknown;

export interface RecordedCall {
  readonly path: string;
  readonly input: unknown;
  readonly credentials: RequestCredentials | undefined;
}

export interface FakeServer {
  readonly client: TrpcClient;
  readonly calls: RecordedCall[];
  callsTo(path: string): RecordedCall[];
  /** Every subscription opened so far (also closed ones), oldest first. */
  readonly subscriptions: FakeSubscription[];
  subscriptionsTo(path: string): FakeSubscription[];
}

/**
 * One subscription stream as the server side sees it (tRPC's SSE wire format, delivered to the
 * client's `httpSubscriptionLink` through a fake `EventSource`). The stream opens with
 * `connected`, unless a handler registered for the path throws a `trpcError` (the refusal
 * then arrives as a `serialized-error` event, as the real server sends it).
 */
export interface FakeSubscription {
  readonly path: string;
  /** The input the client sent (including `lastEventId` when it resumes). */
  readonly input: unknown;
  /** The client closed the stream (unsubscribed), or the test ended it. */
  readonly closed: boolean;
  /** Sends one event; `id` is what `tracked(id, data)` gives on the server. */
  push(data: unknown, id?: string): void;
  /** The procedure failed while streaming. */
  fail(code: TrpcErrorCode, message: string): void;
  /** The server ended the stream (its generator returned). */
  end(): void;
  /** The network dropped the connection; the browser's `EventSource` is reconnecting by itself. */
  drop(): void;
  /** After `drop()`: the browser's reconnection succeeded and the stream is open again. */
  reconnect(): void;
}

function parseInputs(url: URL, init: RequestInit | undefined): Record<string, unknown> {
  if (init?.method === 'POST') return typeof init.body === 'string' ? JSON.parse(init.body) : {};
  const raw = url.searchParams.get('input');
  return raw ? JSON.parse(raw) : {};
}

function errorShape(path: string, error: FakeTrpcError) {
  const { rpc, http } = ERRORS[error.code];
  return { message: error.message, code: rpc, data: { code: error.code, httpStatus: http, path, ...error.extra } };
}

export function createFakeServer(handlers: Readonly<Record<string, Handler>>): FakeServer {
  const calls: RecordedCall[] = [];
  const subscriptions: FakeSubscription[] = [];

  /** The browser's `EventSource` as the subscription link uses it, answered by the handlers above. */
  class FakeEventSource extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSED = 2;
    readonly CONNECTING = 0;
    readonly OPEN = 1;
    readonly CLOSED = 2;
    readyState = 0;

    constructor(url: string, init?: { withCredentials?: boolean }) {
      super();
      const target = new URL(url, 'http://localhost');
      const path = decodeURIComponent(target.pathname.replace(/^\/trpc\//, ''));
      const raw = target.searchParams.get('input');
      const input: unknown = raw ? JSON.parse(raw) : undefined;
      calls.push({ path, input, credentials: init?.withCredentials ? 'include' : 'same-origin' });
      const source = this;
      const emit = (type: string, data: string, id?: string) => {
        if (source.readyState === source.CLOSED) return;
        source.dispatchEvent(new MessageEvent(type, { data, ...(id === undefined ? {} : { lastEventId: id }) }));
      };
      const subscription: FakeSubscription = {
        path,
        input,
        get closed() {
          return source.readyState === source.CLOSED;
        },
        push: (data, id) => emit('message', JSON.stringify(data), id),
        fail: (code, message) => emit('serialized-error', JSON.stringify(errorShape(path, trpcError(code, message)))),
        end: () => emit('return', ''),
        drop: () => {
          if (source.readyState === source.CLOSED) return;
          source.readyState = source.CONNECTING;
          source.dispatchEvent(new Event('error'));
        },
        reconnect: () => {
          if (source.readyState === source.CLOSED) return;
          source.readyState = source.OPEN;
          emit('connected', '{}');
        },
      };
      subscriptions.push(subscription);
      // Like the network: the stream opens after the caller has attached its listeners.
      setTimeout(() => {
        if (this.readyState === this.CLOSED) return;
        this.readyState = this.OPEN;
        emit('connected', '{}');
        try {
          handlers[path]?.(input);
        } catch (error) {
          if (!(error instanceof FakeTrpcError)) throw error;
          emit('serialized-error', JSON.stringify(errorShape(path, error)));
        }
      }, 0);
    }

    close(): void {
      this.readyState = this.CLOSED;
    }
  }

  const answer = async (path: string, input: unknown) => {
    const handler = handlers[path];
    try {
      if (!handler) throw trpcError('NOT_FOUND', `No procedure found on path "${path}"`);
      return { result: { data: await handler(input) } };
    } catch (error) {
      if (!(error instanceof FakeTrpcError)) throw error;
      return { error: errorShape(path, error) };
    }
  };

  const fetch = async (target: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(target), 'http://localhost');
    const paths = decodeURIComponent(url.pathname.replace(/^\/trpc\//, '')).split(',');
    const inputs = parseInputs(url, init);
    const results = await Promise.all(
      paths.map((path, index) => {
        const input = inputs[String(index)];
        calls.push({ path, input, credentials: init?.credentials });
        return answer(path, input);
      }),
    );
    return new Response(JSON.stringify(results), { status: 200, headers: { 'content-type': 'application/json' } });
  };

  return {
    client: createTrpcClient({ fetch, EventSource: FakeEventSource }),
    calls,
    callsTo: (path) => calls.filter((call) => call.path === path),
    subscriptions,
    subscriptionsTo: (path) => subscriptions.filter((s) => s.path === path),
  };
}

/** A promise whose settlement the test controls, to hold a request pending. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
