/**
 * Domain errors → tRPC errors, in this one place.
 *
 * Procedures and the code below them throw the small `DomainError` classes of
 * `@fluxo/shared/errors`; tRPC wraps anything thrown as INTERNAL_SERVER_ERROR with the original
 * as `cause`. The `mapDomainErrors` middleware in `trpc.ts` calls `toTRPCError` to give each
 * domain error its HTTP meaning. The client reads `data.domainCode` (added by
 * `formatError`) to pick a translated message, so it never parses English text.
 *
 * In production the error shape carries no stack, and unexpected errors carry no message
 * either (it could name files or queries); the server log has both.
 */
import { type TRPCDefaultErrorShape, TRPCError } from '@trpc/server';
import { type DomainError, type DomainErrorCode, ThrottledError, isDomainError } from '@fluxo/shared/errors';
import type { Context } from './context.js';

type TRPCErrorCode = TRPCError['code'];

export const TRPC_CODE_OF: Readonly<Record<DomainErrorCode, TRPCErrorCode>> = {
  not_found: 'NOT_FOUND',
  invalid_move: 'BAD_REQUEST',
  invalid_status: 'BAD_REQUEST',
  invalid_input: 'BAD_REQUEST',
  ticket_closed: 'CONFLICT',
  unauthenticated: 'UNAUTHORIZED',
  invalid_credentials: 'UNAUTHORIZED',
  throttled: 'TOO_MANY_REQUESTS',
  conflict: 'CONFLICT',
  forbidden: 'FORBIDDEN',
};

/** The domain error behind a tRPC error, if any. */
export function domainErrorOf(error: TRPCError): DomainError | null {
  if (isDomainError(error.cause)) return error.cause;
  return null;
}

/** `error` with the tRPC code its domain error stands for; other errors unchanged. */
export function toTRPCError(error: TRPCError): TRPCError {
  const domain = domainErrorOf(error);
  if (domain === null) return error;
  const code = TRPC_CODE_OF[domain.code];
  if (error.code === code) return error;
  return new TRPCError({ code, message: domain.message, cause: domain });
}

/** Extra fields of `error.data` that the client relies on. */
export interface FluxoErrorData {
  /** The domain error's code, e.g. `invalid_credentials`; `null` for other errors. */
  domainCode: DomainErrorCode | null;
  /** For `throttled`: seconds until a new attempt may succeed (also sent as `Retry-After`). */
  retryAfterSeconds: number | null;
}

/** The `errorFormatter` of `initTRPC`. */
export function formatError({
  shape,
  error,
  ctx,
}: {
  shape: TRPCDefaultErrorShape;
  error: TRPCError;
  ctx: Context | undefined;
}): TRPCDefaultErrorShape & { data: FluxoErrorData } {
  const domain = domainErrorOf(error);
  const verbose = ctx !== undefined && ctx.config.nodeEnv === 'development';
  const { stack, ...data } = shape.data;
  const hideMessage = !verbose && error.code === 'INTERNAL_SERVER_ERROR' && domain === null;
  return {
    ...shape,
    message: hideMessage ? 'Internal server error' : shape.message,
    data: {
      ...data,
      ...(verbose && stack !== undefined ? { stack } : {}),
      domainCode: domain?.code ?? null,
      retryAfterSeconds: domain instanceof ThrottledError ? domain.retryAfterSeconds : null,
    },
  };
}
