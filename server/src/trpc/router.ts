/**
 * The whole tRPC API. The client imports only the *type* `AppRouter` from here
 * (`import type { AppRouter } from '@fluxo/server/router'`); nothing else of the server
 * reaches the browser bundle.
 */
import { authRouter } from './routers/auth.js';
import { boardsRouter } from './routers/boards.js';
import { ticketsRouter } from './routers/tickets.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  boards: boardsRouter,
  tickets: ticketsRouter,
});

export type AppRouter = typeof appRouter;
