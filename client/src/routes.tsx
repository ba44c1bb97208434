/**
 * The route table. Everything except /login sits under `RequireSession`, which sends visitors to
 * the login page and renders the signed-in header around the page.
 *
 * The live board (Yjs, sync, drag and drop, the drawer) is its own chunk, so the first page
 * (sign-in, board list) does not wait for it; it is fetched in the background at once.
 */
import { Navigate, type RouteDefinition } from '@solidjs/router';
import { lazy } from 'solid-js';
import RequireSession from './components/RequireSession';
import BoardListPage from './pages/BoardListPage';
import LoginPage from './pages/LoginPage';
import NotFoundPage from './pages/NotFoundPage';
import NotificationPrefsPage from './notifications/NotificationPrefsPage';
import { HOME_PATH } from './navigation';

const BoardPage = lazy(() => import('./pages/BoardPage'));
// Admins only, and rarely: its own chunk, fetched when visited.
const MailOutboxPage = lazy(() => import('./admin/MailOutboxPage'));
// Account managers, now and then: its own chunk too.
const ShareLinksPage = lazy(() => import('./shareLinks/ShareLinksPage'));
// Now and then: recording an absence (issue 7).
const AbsencesPage = lazy(() => import('./admin/AbsencesPage'));
// A client's document archive (issue 7): its own chunk.
const DocumentsPage = lazy(() => import('./documents/DocumentsPage'));
// Client records (issue 7): looked up now and then, their own chunk.
const ClientsPage = lazy(() => import('./clients/ClientsPage'));
const ClientRecordPage = lazy(() => import('./clients/ClientRecordPage'));
// Canned replies and signature rules (issue 7): set up now and then.
const RepliesPage = lazy(() => import('./replies/RepliesPage'));
// The agency dashboard (issue 8): Chart.js comes with it, so its own chunk.
const DashboardPage = lazy(() => import('./reports/DashboardPage'));
// Full-text search results (issue 7), from the header's box.
const SearchPage = lazy(() => import('./search/SearchPage'));
// Exports and the workspace backup (issue 8): rarely, its own chunk.
const WorkspaceBackupPage = lazy(() => import('./admin/WorkspaceBackupPage'));
// Fetched right away, without holding up the first page: most visits end on a board.
void BoardPage.preload();

export const routes: RouteDefinition[] = [
  { path: '/login', component: LoginPage },
  {
    path: '/',
    component: RequireSession,
    children: [
      { path: '/', component: () => <Navigate href={HOME_PATH} /> },
      { path: '/boards', component: BoardListPage },
      { path: '/boards/:boardId', component: BoardPage },
      { path: '/boards/:boardId/links', component: ShareLinksPage },
      { path: '/settings/notifications', component: NotificationPrefsPage },
      { path: '/admin/mail', component: MailOutboxPage },
      { path: '/admin/backup', component: WorkspaceBackupPage },
      { path: '/absences', component: AbsencesPage },
      { path: '/documents', component: DocumentsPage },
      { path: '/clients', component: ClientsPage },
      { path: '/clients/:clientId', component: ClientRecordPage },
      { path: '/respostas', component: RepliesPage },
      { path: '/busca', component: SearchPage },
      { path: '/relatorios', component: DashboardPage },
      { path: '*404', component: NotFoundPage },
    ],
  },
];
