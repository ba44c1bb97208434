/**
 * The whole tRPC API. The client imports only the *type* `AppRouter` from here
 * (`import type { AppRouter } from '@fluxo/server/router'`); nothing else of the server
 * reaches the browser bundle.
 */
import { absencesRouter } from './routers/absences.js';
import { approvalsRouter } from './routers/approvals.js';
import { authRouter } from './routers/auth.js';
import { boardsRouter } from './routers/boards.js';
import { clientsRouter } from './routers/clients.js';
import { clientReportsRouter } from './routers/clientReports.js';
import { commentsRouter } from './routers/comments.js';
import { deadlinesRouter } from './routers/deadlines.js';
import { documentsRouter } from './routers/documents.js';
import { mailRouter } from './routers/mail.js';
import { notificationsRouter } from './routers/notifications.js';
import { repliesRouter } from './routers/replies.js';
import { reportsRouter } from './routers/reports.js';
import { searchRouter } from './routers/search.js';
import { shareRouter } from './routers/share.js';
import { satisfactionRouter } from './routers/satisfaction.js';
import { shareLinksRouter } from './routers/shareLinks.js';
import { ticketsRouter } from './routers/tickets.js';
import { workspaceRouter } from './routers/workspace.js';
import { router } from './trpc.js';

export const appRouter = router({
  auth: authRouter,
  boards: boardsRouter,
  tickets: ticketsRouter,
  comments: commentsRouter,
  notifications: notificationsRouter,
  mail: mailRouter,
  shareLinks: shareLinksRouter,
  share: shareRouter,
  satisfaction: satisfactionRouter,
  absences: absencesRouter,
  approvals: approvalsRouter,
  clients: clientsRouter,
  clientReports: clientReportsRouter,
  replies: repliesRouter,
  deadlines: deadlinesRouter,
  workspace: workspaceRouter,
  documents: documentsRouter,
  search: searchRouter,
  reports: reportsRouter,
});

export type AppRouter = typeof appRouter;
