import { describe, expect, it } from 'vitest';
import { createFakeServer, trpcError } from '../test/fakeServer';
import { describeRequestError } from './requestError';

/** Calls auth.login on a fake server whose handler fails as given, and describes the error. */
async function problemFrom(fail: () => never) {
  const server = createFakeServer({ 'auth.login': fail });
  const error = await server.client.auth.login.mutate({ email: 'a@b.c', password: 'x' }).then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  return describeRequestError(error);
}

describe('describeRequestError', () => {
  it('reads UNAUTHORIZED without invalid credentials as unauthenticated', async () => {
    expect(await problemFrom(() => { throw trpcError('UNAUTHORIZED', 'sign in first', { domainCode: 'unauthenticated' }); })).toEqual({
      kind: 'unauthenticated',
    });
  });

  it('reads the domain code of invalid credentials', async () => {
    const fail = () => {
      throw trpcError('UNAUTHORIZED', 'invalid email or password', { domainCode: 'invalid_credentials', retryAfterSeconds: null });
    };
    expect(await problemFrom(fail)).toEqual({ kind: 'invalid_credentials' });
  });

  it('rounds the wait of a throttled login up to whole minutes', async () => {
    const fail = () => {
      throw trpcError('TOO_MANY_REQUESTS', 'too many attempts', { domainCode: 'throttled', retryAfterSeconds: 61 });
    };
    expect(await problemFrom(fail)).toEqual({ kind: 'throttled', retryAfterMinutes: 2 });
  });

  it('falls back to the wait stated in the message, then to 15 minutes', async () => {
    const fromMessage = () => {
      throw trpcError('TOO_MANY_REQUESTS', 'too many attempts; retry in 30s');
    };
    expect(await problemFrom(fromMessage)).toEqual({ kind: 'throttled', retryAfterMinutes: 1 });
    const silent = () => {
      throw trpcError('TOO_MANY_REQUESTS', 'slow down');
    };
    expect(await problemFrom(silent)).toEqual({ kind: 'throttled', retryAfterMinutes: 15 });
  });

  it('reads a failed fetch as a network problem', async () => {
    expect(await problemFrom(() => { throw new TypeError('Failed to fetch'); })).toEqual({ kind: 'network' });
  });

  it('reads anything else as unknown', async () => {
    expect(await problemFrom(() => { throw trpcError('INTERNAL_SERVER_ERROR', 'boom'); })).toEqual({ kind: 'unknown' });
  });
});
