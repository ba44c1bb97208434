// Builds the SPA into client/dist, which the server serves in production (same origin, so the
// session cookie and the CSP `script-src 'self'` apply unchanged). In development `vite` serves
// the SPA on :5173 and forwards everything the server owns to it, so the browser still sees one
// origin. Override the target with FLUXO_API_URL when the server runs elsewhere.
import { type Connect, defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';

const api = process.env.FLUXO_API_URL ?? 'http://localhost:3000';

const proxy = {
  '/trpc': { target: api },
  // y-websocket sync: /sync/<boardId>, upgraded to a WebSocket by the server.
  '/sync': { target: api, ws: true },
  '/healthz': { target: api },
  // Uploads and file downloads (server/src/documents/uploadEndpoint.ts).
  '/api': { target: api },
};

/**
 * The client timeline (`/share/<token>`) — and a satisfaction survey's rating page
 * (`/avaliacao/<token>`, issue 8) — is `share.html`. In production the server serves
 * `client/dist/share.html` with its headers (no-store, no-referrer, noindex). Under `vite` and
 * `vite preview` Vite serves the page itself — from source with hot reload, or from dist — since
 * the server's copy is the last build, whose hashed scripts the dev server does not have. The
 * page's own calls go to `/trpc`, proxied above.
 */
const SHARE_PAGE_PATH = /^\/(?:share|avaliacao)\/[^/?#]+\/?(?:[?#].*)?$/;
const servesSharePage: Connect.NextHandleFunction = (req, _res, next) => {
  if ((req.method === 'GET' || req.method === 'HEAD') && req.url !== undefined && SHARE_PAGE_PATH.test(req.url)) req.url = '/share.html';
  next();
};
const sharePage: Plugin = {
  name: 'fluxo-share-page',
  configureServer: (server) => {
    server.middlewares.use(servesSharePage);
  },
  configurePreviewServer: (server) => {
    server.middlewares.use(servesSharePage);
  },
};

export default defineConfig({
  plugins: [solid(), sharePage],
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Keep every asset a file: the server's CSP forbids inline data.
    assetsInlineLimit: 0,
    // Two pages: the staff app, and the client timeline (/share/<token>) with its own small
    // bundle, so a client's browser never downloads the staff app.
    rollupOptions: {
      input: { main: 'index.html', share: 'share.html' },
    },
  },
});
