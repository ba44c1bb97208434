/**
 * The route table. Everything except /login sits under `RequireSession`, which sends visitors to
 * the login page and renders the signed-in header around the page.
 */
import { Navigate, type RouteDefinition } from '@solidjs/router';
import RequireSession from './components/RequireSession';
import BoardListPage from './pages/BoardListPage';
import BoardPage from './pages/BoardPage';
import LoginPage from './pages/LoginPage';
import NotFoundPage from './pages/NotFoundPage';
import { HOME_PATH } from './navigation';

export const routes: RouteDefinition[] = [
  { path: '/login', component: LoginPage },
  {
    path: '/',
    component: RequireSession,
    children: [
      { path: '/', component: () => <Navigate href={HOME_PATH} /> },
      { path: '/boards', component: BoardListPage },
      { path: '/boards/:boardId', component: BoardPage },
      { path: '*404', component: NotFoundPage },
    ],
  },
];
