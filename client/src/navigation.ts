/**
 * Where to go after signing in. The guard sends a visitor to `/login?next=<where they were>`;
 * only same-origin paths are honoured so a crafted link cannot bounce a fresh session to another
 * site (`//evil.example` and `/\evil.example` are protocol-relative to browsers).
 */
export const HOME_PATH = '/boards';

export function safeNextPath(raw: string | readonly string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (typeof value !== 'string' || !value.startsWith('/')) return HOME_PATH;
  if (value.startsWith('//') || value.startsWith('/\\') || value.startsWith('/login')) return HOME_PATH;
  return value;
}

export function loginPathFor(currentPath: string): string {
  return currentPath === '/' || currentPath.startsWith('/login')
    ? '/login'
    : `/login?next=${encodeURIComponent(currentPath)}`;
}
