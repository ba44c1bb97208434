/**
 * Where to go after signing in. The guard sends a visitor to `/login?next=<where they were>`;
 * only same-origin paths are honoured so a crafted link cannot bounce a fresh session to another
 * site (`//evil.example`, `/\evil.example` and `/<tab>/evil.example` are protocol-relative to
 * browsers).
 */
export const HOME_PATH = '/boards';

/** A stand-in origin for parsing `next` the way a browser would. */
const SAME_ORIGIN_BASE = 'http://fluxo.invalid';

export function safeNextPath(raw: string | readonly string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || !value.startsWith('/')) return HOME_PATH;
  // Browsers drop tabs and line breaks from URLs (`/\t/evil.example` is `//evil.example`) and
  // read `\` as `/`: refuse control characters and backslashes outright, then let the URL
  // parser confirm the path stays on this origin.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return HOME_PATH;
  let url: URL;
  try {
    url = new URL(value, SAME_ORIGIN_BASE);
  } catch {
    return HOME_PATH;
  }
  if (url.origin !== SAME_ORIGIN_BASE || value.startsWith('//')) return HOME_PATH;
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return HOME_PATH;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function loginPathFor(currentPath: string): string {
  return currentPath === '/' || currentPath.startsWith('/login')
    ? '/login'
    : `/login?next=${encodeURIComponent(currentPath)}`;
}
