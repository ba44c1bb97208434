import {
  ConflictError,
  type DomainError,
  InvalidCredentialsError,
  InvalidInputError,
  InvalidMoveError,
  InvalidStatusError,
  NotFoundError,
  ThrottledError,
  TicketClosedError,
  UnauthenticatedError,
} from '@fluxo/shared/errors';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type TestApp, createTestApp } from '../testing/testApp.js';
import { collectingResponse, createContextInner } from './context.js';
import { formatError } from './errors.js';
import { parseConfig } from '../config.js';
import { adminProcedure, createCallerFactory, publicProcedure, router, staffProcedure } from './trpc.js';

/** A router that throws what it is told to, to watch the mapping. */
const probeRouter = router({
  fail: publicProcedure.input(z.object({ kind: z.string() })).query(({ input }): never => {
    const errors: Record<string, DomainError | Error> = {
      not_found: new NotFoundError('ticket'),
      invalid_move: new InvalidMoveError('skips a stage'),
      invalid_status: new InvalidStatusError('bad status'),
      invalid_input: new InvalidInputError('bad input'),
      ticket_closed: new TicketClosedError(),
      unauthenticated: new UnauthenticatedError(),
      invalid_credentials: new InvalidCredentialsError(),
      throttled: new ThrottledError(42),
      conflict: new ConflictError('taken'),
      bug: new Error('ENOENT /srv/secret/path'),
    };
    throw errors[input.kind] ?? new Error('unknown kind');
  }),
  whoami: staffProcedure.query(({ ctx }) => ctx.user.name),
  adminOnly: adminProcedure.query(({ ctx }) => `hello ${ctx.user.name}`),
});
const createProbeCaller = createCallerFactory(probeRouter);

async function caught(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return error;
}

function anonymousProbe(app: TestApp) {
  const response = collectingResponse();
  const caller = createProbeCaller(createContextInner({ store: app.store, config: app.config, auth: app.auth, response }));
  return { caller, response };
}

describe('domain errors → tRPC codes', () => {
  it.each([
    ['not_found', 'NOT_FOUND'],
    ['invalid_move', 'BAD_REQUEST'],
    ['invalid_status', 'BAD_REQUEST'],
    ['invalid_input', 'BAD_REQUEST'],
    ['ticket_closed', 'CONFLICT'],
    ['unauthenticated', 'UNAUTHORIZED'],
    ['invalid_credentials', 'UNAUTHORIZED'],
    ['throttled', 'TOO_MANY_REQUESTS'],
    ['conflict', 'CONFLICT'],
    ['bug', 'INTERNAL_SERVER_ERROR'],
  ])('%s → %s', async (kind, code) => {
    const app = await createTestApp();
    const { caller } = anonymousProbe(app);
    const error = await caught(caller.fail({ kind }));
    expect(error.code).toBe(code);
  });

  it('sends Retry-After with a throttled answer', async () => {
    const app = await createTestApp();
    const { caller, response } = anonymousProbe(app);
    await caught(caller.fail({ kind: 'throttled' }));
    expect(response.headers.get('retry-after')).toBe('42');
  });
});

describe('procedure builders', () => {
  it('staffProcedure needs a session', async () => {
    const app = await createTestApp();
    expect((await caught(anonymousProbe(app).caller.whoami())).code).toBe('UNAUTHORIZED');
    const { session } = await app.signIn(app.demo.users.paulo);
    const caller = createProbeCaller(
      createContextInner({ store: app.store, config: app.config, auth: app.auth, user: app.demo.users.paulo, session }),
    );
    expect(await caller.whoami()).toBe('Paulo');
  });

  it('adminProcedure needs an admin', async () => {
    const app = await createTestApp();
    const as = async (user: typeof app.demo.users.ana) => {
      const { session } = await app.signIn(user);
      return createProbeCaller(createContextInner({ store: app.store, config: app.config, auth: app.auth, user, session }));
    };
    expect((await caught((await as(app.demo.users.ana)).adminOnly())).code).toBe('FORBIDDEN');
    expect(await (await as(app.demo.users.dora)).adminOnly()).toBe('hello Dora');
    expect((await caught(anonymousProbe(app).caller.adminOnly())).code).toBe('UNAUTHORIZED');
  });

  it('refuses a context with a user but no session', async () => {
    const app = await createTestApp();
    expect(() =>
      createContextInner({ store: app.store, config: app.config, auth: app.auth, user: app.demo.users.ana }),
    ).toThrow(/both a user and a session/);
  });
});

describe('error shape', () => {
  const shapeOf = (error: TRPCError) => ({
    message: error.message,
    code: -32603 as const,
    data: { code: error.code, httpStatus: 500, path: 'x', stack: error.stack },
  });

  it('hides the message and stack of unexpected errors unless NODE_ENV=development', async () => {
    const app = await createTestApp();
    const bug = new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'ENOENT /srv/secret', cause: new Error('ENOENT /srv/secret') });
    const production = createContextInner({
      store: app.store,
      config: parseConfig({ NODE_ENV: 'production' }, { cwd: '/tmp' }),
      auth: app.auth,
    });
    const hidden = formatError({ shape: shapeOf(bug), error: bug, ctx: production });
    expect(hidden.message).toBe('Internal server error');
    expect(hidden.data).not.toHaveProperty('stack');
    expect(formatError({ shape: shapeOf(bug), error: bug, ctx: undefined }).data).not.toHaveProperty('stack');
    // NODE_ENV unset (a plain `pnpm start`) counts as production.
    const unset = createContextInner({ store: app.store, config: parseConfig({}, { cwd: '/tmp' }), auth: app.auth });
    expect(formatError({ shape: shapeOf(bug), error: bug, ctx: unset }).message).toBe('Internal server error');

    const development = createContextInner({
      store: app.store,
      config: parseConfig({ NODE_ENV: 'development' }, { cwd: '/tmp' }),
      auth: app.auth,
    });
    const shown = formatError({ shape: shapeOf(bug), error: bug, ctx: development });
    expect(shown.message).toBe('ENOENT /srv/secret');
    expect(shown.data.stack).toEqual(expect.any(String));
  });

  it('keeps domain messages in production and names the domain code', async () => {
    const app = await createTestApp();
    const production = createContextInner({
      store: app.store,
      config: parseConfig({ NODE_ENV: 'production' }, { cwd: '/tmp' }),
      auth: app.auth,
    });
    const throttled = new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'too many attempts; retry in 9s', cause: new ThrottledError(9) });
    const shape = formatError({ shape: shapeOf(throttled), error: throttled, ctx: production });
    expect(shape.message).toBe('too many attempts; retry in 9s');
    expect(shape.data).toMatchObject({ domainCode: 'throttled', retryAfterSeconds: 9 });
  });
});
