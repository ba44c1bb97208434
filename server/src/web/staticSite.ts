/**
 * Serves the built SPA (`client/dist`).
 *
 * - A path naming a file under the root serves that file with its content type.
 *   Vite's hashed bundles under `/assets/` never change, so they are cached for a year
 *   (`immutable`); everything else is revalidated (`no-cache` + ETag → 304).
 * - Any other path that looks like a page (`/login`, `/boards/x`) gets
 *   `index.html`, and the SPA's router takes over. A path that looks like a file (under
 *   `/assets/` or with an extension) and does not exist is a real 404: answering HTML for a
 *   missing script only produces confusing MIME errors.
 * - Traversal is impossible: each decoded path segment must be a plain name (no `..`, no
 *   slash or backslash, no NUL, no leading dot — hidden files are not served), and the joined
 *   path is checked to stay inside the root.
 * - Without a build (`index.html` missing), page requests get 503 with the command to run.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export const MISSING_BUILD_MESSAGE =
  "Fluxo's web app has not been built yet. Run `npx pnpm@10.34.9 build` in the repository " +
  '(or start with `npx pnpm@10.34.9 start`, which builds first), then reload this page.\n';

function plain(res: ServerResponse, status: number, text: string, head: boolean): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  res.end(head ? undefined : text);
}

/** The decoded, vetted path segments of `pathname`, or `null` when it is not acceptable. */
export function safeSegments(pathname: string): string[] | null {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment.startsWith('.') || /[/\\\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

async function fileStat(path: string) {
  try {
    const info = await stat(path);
    return info.isFile() ? info : null;
  } catch {
    return null;
  }
}

export interface StaticSite {
  readonly root: string;
  /** Answers a GET or HEAD request for `pathname`. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
  /**
   * Answers with one page of the build (`share.html` for `/share/<token>`), never cached
   * (`no-store`); 503 with the build command when it is missing.
   */
  servePage(req: IncomingMessage, res: ServerResponse, page: string): Promise<void>;
}

export function createStaticSite(rootDir: string): StaticSite {
  const root = resolve(rootDir);
  const indexFile = join(root, 'index.html');

  async function send(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): Promise<boolean> {
    const info = await fileStat(file);
    if (!info) return false;
    const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
    res.setHeader('Content-Type', CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', info.mtime.toUTCString());
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    res.statusCode = 200;
    res.setHeader('Content-Length', info.size);
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(file);
      stream.once('error', () => {
        res.destroy(); // headers are out: the only honest answer is a cut connection
        done();
      });
      res.once('close', () => {
        stream.destroy();
        done();
      });
      stream.pipe(res);
    });
    return true;
  }

  return {
    root,
    async serve(req, res, pathname) {
      const head = req.method === 'HEAD';
      const segments = safeSegments(pathname);
      if (segments === null) return plain(res, 404, 'Not found\n', head);

      if (segments.length > 0) {
        const file = join(root, ...segments);
        if (!file.startsWith(root + sep)) return plain(res, 404, 'Not found\n', head);
        const cache = segments[0] === 'assets' ? IMMUTABLE : REVALIDATE;
        if (await send(req, res, file, cache)) return;
        const last = segments[segments.length - 1] ?? '';
        if (segments[0] === 'assets' || extname(last) !== '') return plain(res, 404, 'Not found\n', head);
      }

      if (!(await send(req, res, indexFile, REVALIDATE))) plain(res, 503, MISSING_BUILD_MESSAGE, head);
    },
    async servePage(req, res, page) {
      if (!(await send(req, res, join(root, page), 'no-store'))) plain(res, 503, MISSING_BUILD_MESSAGE, req.method === 'HEAD');
    },
  };
}
