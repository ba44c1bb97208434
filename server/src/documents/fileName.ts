/**
 * File names people send (`X-File-Name`, percent-encoded UTF-8) become display text and the
 * `filename*` of a download, never a path: the vault names files by their SHA-256. Still, a name
 * is cleaned before it is stored, so nothing downstream has to be careful with it:
 *
 * - only the last path segment is kept (`C:\Users\ana\briefing.pdf` → `briefing.pdf`, as old
 *   browsers sent it; `../../fluxo.json` → `fluxo.json`);
 * - control characters and the bidirectional overrides/isolates are removed (a name cannot hide
 *   `exe.pdf` behind `fdp.exe`, nor break a header or a log line);
 * - Unicode NFC, blanks trimmed, at most `MAX_FILE_NAME` characters — cut before the extension
 *   so `…muito longo.pdf` stays a PDF;
 * - what is left empty (or `.`/`..`) is refused: the caller answers 400.
 */
import { MAX_FILE_NAME } from '../store/uploadRecords.js';

const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
/** The longest extension kept whole when a name is cut. */
const MAX_KEPT_EXTENSION = 16;

/** The cleaned name, or `null` when nothing usable is left. */
export function sanitiseFileName(raw: string): string | null {
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment.normalize('NFC').replace(UNSAFE, '').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return null;
  const chars = [...cleaned];
  if (chars.length <= MAX_FILE_NAME) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const extension = dot > 0 ? [...cleaned.slice(dot)] : [];
  const keep = extension.length > 1 && extension.length <= MAX_KEPT_EXTENSION ? extension : [];
  return (chars.slice(0, MAX_FILE_NAME - keep.length).join('').trimEnd() + keep.join('')).trim();
}

/**
 * Decodes an `X-File-Name` header (percent-encoded UTF-8) and cleans it; `null` for a missing,
 * undecodable or empty name.
 */
export function fileNameFromHeader(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string' || header === '') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(header);
  } catch {
    return null;
  }
  return sanitiseFileName(decoded);
}

/**
 * `Content-Disposition: attachment` for `name` (RFC 6266 / 5987): an ASCII `filename` fallback
 * (non-ASCII and quotes replaced by `_`) and the exact name as `filename*=UTF-8''…`.
 */
export function attachmentDisposition(name: string): string {
  const safe = sanitiseFileName(name) ?? 'file';
  const ascii = safe.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
