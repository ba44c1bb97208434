/**
 * A fake Fluxo server at the HTTP boundary: a `fetch` that speaks tRPC's batch wire format
 * (no transformer), so tests run the real tRPC client, the real query/mutation factories and
 * the real error mapping — only the network is replaced. Handlers are keyed by procedure path
 * ("auth.login") and get the parsed input; throwing `trpcError(...)` answers with a tRPC error.
 */
import { createTrpcClient, type TrpcClient } from '../data/trpc';

type TrpcErrorCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'TOO_MANY_REQUESTS' | 'INTERNAL_SERVER_ERROR';

const ERRORS: Record<TrpcErrorCode, { rpc: number; http: number }> = {
  BAD_REQUEST: { rpc: -32600, http: 400 },
  UNAUTHORIZED: { rpc: -32001, http: 401 },
  FORBIDDEN: { rpc: -32003, http: 403 },
  NOT_FOUND: { rpc: -32004, http: 404 },
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
}

function parseInputs(url: URL, init: RequestInit | undefined): Record<string, unknown> {
  if (init?.method === 'POST') return typeof init.body === 'string' ? JSON.parse(init.body) : {};
  const raw = url.searchParams.get('input');
  return raw ? JSON.parse(raw) : {};
}

export function createFakeServer(handlers: Readonly<Record<string, Handler>>): FakeServer {
  const calls: RecordedCall[] = [];

  const answer = async (path: string, input: unknown) => {
    const handler = handlers[path];
    try {
      if (!handler) throw trpcError('NOT_FOUND', `No procedure found on path "${path}"`);
      return { result: { data: await handler(input) } };
    } catch (error) {
      if (!(error instanceof FakeTrpcError)) throw error;
      const { rpc, http } = ERRORS[error.code];
      return { error: { message: error.message, code: rpc, data: { code: error.code, httpStatus: http, path, ...error.extra } } };
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
    client: createTrpcClient({ fetch }),
    calls,
    callsTo: (path) => calls.filter((call) => call.path === path),
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
