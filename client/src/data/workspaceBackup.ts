/**
 * The exports and the workspace import over plain HTTP (`server/src/export/exportRoutes.ts`):
 * CSV and JSON downloads are ordinary links (the session cookie rides along, the server answers
 * `Content-Disposition: attachment`), the import is one `POST /import/workspace.json` of the
 * chosen file, raw, as `application/json`.
 */
export const TICKETS_CSV_URL = '/export/tickets.csv';
export const HISTORY_CSV_URL = '/export/history.csv';
export const WORKSPACE_JSON_URL = '/export/workspace.json';
export const WORKSPACE_IMPORT_URL = '/import/workspace.json';
/** As `MAX_WORKSPACE_IMPORT_BYTES` on the server: larger files are refused before sending. */
export const MAX_WORKSPACE_IMPORT_BYTES = 256 * 1024 * 1024;

/** `/export/history.csv` for the agency days `from`–`to` (either may be empty: unbounded). */
export function historyCsvUrl(from: string, to: string): string {
  const params = new URLSearchParams();
  if (from !== '') params.set('from', from);
  if (to !== '') params.set('to', to);
  const query = params.toString();
  return query === '' ? HISTORY_CSV_URL : `${HISTORY_CSV_URL}?${query}`;
}

export interface WorkspaceImportSummary {
  readonly agencyId: string;
  readonly agencyName: string;
  readonly users: number;
  readonly boards: number;
  readonly historyEntries: number;
  readonly comments: number;
  readonly files: number;
}

export type WorkspaceImportResult =
  | { readonly ok: true; readonly summary: WorkspaceImportSummary }
  | { readonly ok: false; readonly code: 'invalid' | 'conflict' | 'too_large' | 'failed'; readonly message: string; readonly status: number };

/** Sends `file` to the import; never rejects on an HTTP answer (a network failure does). */
export async function importWorkspaceFile(file: Blob, fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init)): Promise<WorkspaceImportResult> {
  if (file.size > MAX_WORKSPACE_IMPORT_BYTES) return { ok: false, code: 'too_large', message: '', status: 413 };
  const res = await fetchImpl(WORKSPACE_IMPORT_URL, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: file,
  });
  const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | WorkspaceImportSummary | null;
  if (res.status === 201 && body !== null && 'agencyId' in body) return { ok: true, summary: body };
  const error = body !== null && 'error' in body ? body.error : undefined;
  const code = error?.code === 'invalid' || error?.code === 'conflict' || error?.code === 'too_large' ? error.code : 'failed';
  return { ok: false, code, message: typeof error?.message === 'string' ? error.message : '', status: res.status };
}
