/* Entry point: mounts the SPA on #root with the real tRPC client (same origin, /trpc). */
import './zodWithoutEval';
import { render } from 'solid-js/web';
import App from './App';
import { createQueryClient } from './data/queryClient';
import { createTrpcClient } from './data/trpc';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

// Created once, outside JSX: Solid turns `prop={call()}` into a getter that would call again
// on every read, giving each reader its own cache.
const trpc = createTrpcClient();
const queryClient = createQueryClient();

render(() => <App trpc={trpc} queryClient={queryClient} />, root);
