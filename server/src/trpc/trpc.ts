/**
 * tRPC is initialised here, once. The app may only build procedures from what this module
 * exports:
 *
 * - `publicProcedure` — anyone; domain errors are mapped (`errors.ts`).
 * - `staffProcedure` — a signed-in staff member; otherwise UNAUTHORIZED. In it, `ctx.user`
 *   and `ctx.session` are non-null.
 * - `adminProcedure` — a signed-in admin (diretor); other staff get FORBIDDEN (they know admin
 *   screens exist, so there is nothing to hide).
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { ThrottledError, UnauthenticatedError } from '@fluxo/shared/errors';
import type { Context } from './context.js';
import { domainErrorOf, formatError, toTRPCError } from './errors.js';

const t = initTRPC.context<Context>().create({
  errorFormatter: formatError,
  // Live subscriptions (SSE, `httpSubscriptionLink`): a comment line every 20 s keeps proxies
  // from cutting a quiet stream, the client reconnects if 45 s pass without one, and a stream
  // ends after 15 min so that its reconnection (resuming from `lastEventId`) passes the session
  // and board checks again.
  sse: {
    ping: { enabled: true, intervalMs: 20_000 },
    client: { reconnectAfterInactivityMs: 45_000 },
    maxDurationMs: 15 * 60_000,
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Outermost middleware: gives domain errors their tRPC code, and throttling its Retry-After. */
const mapDomainErrors = t.middleware(async ({ ctx, next }) => {
  const result = await next();
  if (result.ok) return result;
  const domain = domainErrorOf(result.error);
  if (domain instanceof ThrottledError) ctx.response.setHeader('Retry-After', String(domain.retryAfterSeconds));
  const mapped = toTRPCError(result.error);
  if (mapped !== result.error) throw mapped;
  return result;
});

const requireStaff = t.middleware(({ ctx, next }) => {
  if (ctx.user === null || ctx.session === null) throw new UnauthenticatedError();
  return next({ ctx: { user: ctx.user, session: ctx.session } });
});

export const publicProcedure = t.procedure.use(mapDomainErrors);

export const staffProcedure = publicProcedure.use(requireStaff);

export const adminProcedure = staffProcedure.use(({ ctx, next }) => {
  if (ctx.user.role !== 'admin') throw new TRPCError({ code: 'FORBIDDEN', message: 'admins only' });
  return next();
});
