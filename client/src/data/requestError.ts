/**
 * What went wrong with a request, in the terms the UI speaks about: the page picks the message,
 * this module only reads the error. The server's error formatter (server/src/trpc/errors.ts)
 * puts the tRPC code and HTTP status in `error.data`, plus `domainCode` (the shared
 * `DomainErrorCode`) and, for throttling, `retryAfterSeconds` — so no English text is parsed
 * unless an older or foreign server left those out.
 * Anything that is not a tRPC error response (fetch rejected, proxy HTML page) is `network`.
 */
import { TRPCClientError } from '@trpc/client';

export type RequestProblem =
  | { readonly kind: 'invalid_credentials' }
  | { readonly kind: 'throttled'; readonly retryAfterMinutes: number }
  | { readonly kind: 'unauthenticated' }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'network' }
  | { readonly kind: 'unknown' };

/** When the server does not say how long to wait, this is what the person is told. */
const DEFAULT_RETRY_AFTER_SECONDS = 15 * 60;

interface ErrorData {
  readonly code?: unknown;
  readonly httpStatus?: unknown;
  readonly domainCode?: unknown;
  readonly retryAfterSeconds?: unknown;
}

function retryAfterSeconds(data: ErrorData, message: string): number {
  if (typeof data.retryAfterSeconds === 'number' && data.retryAfterSeconds > 0) return data.retryAfterSeconds;
  const fromMessage = /retry in (\d+)\s*s/i.exec(message);
  if (fromMessage?.[1]) return Number(fromMessage[1]);
  return DEFAULT_RETRY_AFTER_SECONDS;
}

export function describeRequestError(error: unknown): RequestProblem {
  if (!(error instanceof TRPCClientError)) return { kind: 'network' };
  const data: ErrorData | undefined = (error as TRPCClientError<never>).data as ErrorData | undefined;
  if (!data) return { kind: 'network' };
  if (data.code === 'TOO_MANY_REQUESTS' || data.httpStatus === 429 || data.domainCode === 'throttled') {
    const seconds = retryAfterSeconds(data, error.message);
    return { kind: 'throttled', retryAfterMinutes: Math.max(1, Math.ceil(seconds / 60)) };
  }
  if (data.domainCode === 'invalid_credentials') return { kind: 'invalid_credentials' };
  if (data.code === 'UNAUTHORIZED' || data.httpStatus === 401) return { kind: 'unauthenticated' };
  if (data.code === 'NOT_FOUND' || data.httpStatus === 404) return { kind: 'not_found' };
  return { kind: 'unknown' };
}
