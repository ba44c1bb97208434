/**
 * A meeting's time between the form's `<input type="datetime-local">` (the browser's wall
 * clock, no zone) and the ISO instant the server stores (UTC).
 */

/** "2025-03-12T14:00" (local) → "2025-03-12T17:00:00.000Z"; `null` for an empty or bad value. */
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString();
}

/** An ISO instant as the local "YYYY-MM-DDTHH:MM" a datetime-local input shows. */
export function isoToLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
