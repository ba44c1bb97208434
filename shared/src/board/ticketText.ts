/**
 * The collaborative `Y.Text` of one ticket field, for editors that bind a text box to it: they
 * observe it to show remote typing and anchor carets to it with Yjs relative positions (which
 * survive concurrent edits, unlike plain indexes). Read access only: every write still goes
 * through `editText` / `replaceText`, which validate and carry an origin.
 *
 * Null when the ticket is unknown on this replica or the field does not hold a `Y.Text`
 * (a malformed or still pending entry; see `readTicketEntry`).
 */
import * as Y from 'yjs';
import type { TicketId } from '../ids.js';
import { type TextField, ticketsMap } from './layout.js';

export function ticketText(doc: Y.Doc, ticketId: TicketId, field: TextField): Y.Text | null {
  const entry = ticketsMap(doc).get(ticketId);
  if (!(entry instanceof Y.Map)) return null;
  const text: unknown = (entry as Y.Map<unknown>).get(field);
  return text instanceof Y.Text ? text : null;
}
