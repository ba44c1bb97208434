/**
 * A ready Fluxo for router tests: the demo agency in a memory store (fast password hashing, a
 * controllable clock) plus a second agency, and callers for anyone — all without HTTP.
 */
import { newAgencyId, newBoardId } from '@fluxo/shared/ids';
import { createAccount } from '../auth/accounts.js';
import { Authenticator } from '../auth/authenticator.js';
import { PasswordHasher, TEST_PASSWORD_PARAMS } from '../auth/passwords.js';
import { hashSessionToken, newSessionToken } from '../auth/sessionTokens.js';
import { type Config, parseConfig } from '../config.js';
import { type Conversation, createConversation } from '../conversation/conversation.js';
import { type DemoSeed, seedDemo } from '../demo/seedDemo.js';
import { createMemoryStore } from '../store/memoryStore.js';
import type { BoardRecord, SessionRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import { collectingResponse, createContextInner } from '../trpc/context.js';
import { appRouter } from '../trpc/router.js';
import { createCallerFactory } from '../trpc/trpc.js';

const createCaller = createCallerFactory(appRouter);

export interface TestApp {
  readonly store: Store;
  readonly config: Config;
  readonly auth: Authenticator;
  readonly demo: DemoSeed;
  /** The one conversation every caller shares (live subscriptions hear each other). */
  readonly conversation: Conversation;
  /** Another agency with its own admin and board, to check isolation. */
  readonly rival: { readonly admin: UserRecord; readonly board: BoardRecord };
  /** Moves the clock the authenticator sees. */
  advance(ms: number): void;
  /** A caller without a session, from `ip`, and the response headers it collects. */
  anonymous(ip?: string): { caller: ReturnType<typeof createCaller>; response: ReturnType<typeof collectingResponse> };
  /**
   * A caller signed in as `user` (with a real session in the store), and that session.
   * `signal` ends its subscriptions, as a closed connection does.
   */
  signIn(
    user: UserRecord,
    options?: { readonly signal?: AbortSignal },
  ): Promise<{ caller: ReturnType<typeof createCaller>; session: SessionRecord }>;
  /** `signIn(user)`'s caller. */
  signedIn(user: UserRecord, options?: { readonly signal?: AbortSignal }): Promise<ReturnType<typeof createCaller>>;
}

export async function createTestApp(configEnv: Record<string, string> = {}): Promise<TestApp> {
  const store = createMemoryStore();
  const config = parseConfig({ NODE_ENV: 'test', PORT: '0', ...configEnv }, { cwd: '/tmp' });
  const passwords = new PasswordHasher(TEST_PASSWORD_PARAMS);
  let clock = Date.parse('2025-03-10T12:00:00.000Z');
  const now = () => new Date(clock);
  const auth = new Authenticator({ store, passwords, now });
  const demo = await seedDemo(store, passwords, { now: now() });
  const conversation = createConversation({ store, now });

  const rivalAgency = newAgencyId();
  await store.agencies.create({ id: rivalAgency, name: 'Agência Rival', createdAt: now().toISOString() });
  const admin = await createAccount(store, passwords, {
    agencyId: rivalAgency,
    email: 'chefe@rival.test',
    name: 'Chefe',
    role: 'admin',
    password: 'rival-senha',
  });
  const board: BoardRecord = {
    id: newBoardId(),
    agencyId: rivalAgency,
    name: 'Quadro rival',
    memberIds: [admin.id],
    createdAt: now().toISOString(),
  };
  await store.boards.create(board);

  const signIn: TestApp['signIn'] = async (user, options = {}) => {
    const token = newSessionToken();
    const session: SessionRecord = {
      tokenHash: hashSessionToken(token),
      userId: user.id,
      createdAt: now().toISOString(),
      expiresAt: new Date(clock + auth.sessionTtlMs).toISOString(),
    };
    await store.sessions.create(session);
    const context = createContextInner({ store, config, auth, user, session, conversation });
    return { caller: createCaller(context, options.signal ? { signal: options.signal } : {}), session };
  };

  return {
    store,
    config,
    auth,
    demo,
    conversation,
    rival: { admin, board },
    advance(ms) {
      clock += ms;
    },
    anonymous(ip = '198.51.100.1') {
      const response = collectingResponse();
      return { caller: createCaller(createContextInner({ store, config, auth, ip, response, conversation })), response };
    },
    signIn,
    async signedIn(user, options) {
      return (await signIn(user, options)).caller;
    },
  };
}
