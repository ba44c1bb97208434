/**
 * Board invariants: what must hold in every state of every replica, whatever order updates
 * arrive in. The server runs `validateBoard` on a copy of the document with an incoming update
 * applied and refuses the update if anything is reported; the convergence fuzz test asserts that
 * no interleaving of valid commands ever reports anything.
 *
 * - the document has only the `meta` and `tickets` roots, both maps; `meta.schemaVersion` is
 *   absent or `BOARD_SCHEMA_VERSION`;
 * - every ticket entry is well formed (all keys of the layout with the right types, nothing else;
 *   id equal to its key; steps and assignees valid; see `readTicketEntry`);
 * - every ticket is in exactly one valid stage; every ticket not archived is in exactly one
 *   column, its own stage's; ranks end with the ticket's own suffix, are unique within a stage,
 *   and each column is strictly ordered by rank.
 *
 * A ticket with a field that has no value because its old value was deleted is not malformed but
 * pending: overwriting a field deletes the old item, and Yjs applies a deletion at once while it
 * holds back a new item that waits for an earlier update (out-of-order delivery, a server
 * restarted from an older copy). A sync server also relays only what it could apply, so a browser
 * may hold the deletion while the replacement waits at the server. Pending tickets are listed in
 * `Board.pending` and are not violations; with `{strict: true}` (for the server's own document)
 * those whose replacement this document does not hold back are violations, since a client sends
 * a deletion together with the value replacing it.
 *
 * These are state invariants. Transition rules (no skipping stages, a closed ticket does not
 * move) are judged by the commands; a merge of concurrent valid moves may legitimately produce,
 * say, a done ticket in the stage another person just moved it to.
 */
import * as Y from 'yjs';
import { STAGES } from '../flow/stages.js';
import { BOARD_SCHEMA_VERSION, META_MAP, TICKETS_MAP } from './layout.js';
import { type Board, type BoardViolation, type ScanOptions, scanBoard } from './readBoard.js';
import { isRankOf } from './fractionalIndex.js';
import { ticketSchema } from './ticket.js';

/**
 * Every violation in a board document, structural ones included. Linear in the number of tickets
 * (plus a sort), so it can run on each incoming update of a large board.
 */
export function validateBoard(doc: Y.Doc, options: ScanOptions = {}): BoardViolation[] {
  return inspectBoard(doc, options).violations;
}

/**
 * The violations among the given ticket entries (plus the roots and meta): what the server runs
 * after applying an update, with the keys from `touchedTickets`, instead of a full scan.
 */
export function validateTickets(doc: Y.Doc, keys: Iterable<string>, options: ScanOptions = {}): BoardViolation[] {
  const { board, violations } = scanBoard(doc, options, keys);
  return [...violations, ...boardViolations(board, false)];
}

/**
 * The keys of the tickets a transaction changed (created, or any field, text, step or assignee
 * of them), read from `transaction.changed`; e.g. in `doc.on('afterTransaction', …)`.
 */
export function touchedTickets(transaction: Y.Transaction): Set<string> {
  const keys = new Set<string>();
  const root = transaction.doc.share.get(TICKETS_MAP);
  for (const [type, subs] of transaction.changed) {
    if (type === root) {
      for (const sub of subs) if (sub !== null) keys.add(sub);
      continue;
    }
    // Walk up to the ticket map: the type whose parent is the tickets root.
    let current: { _item: Y.Item | null } = type;
    for (;;) {
      const item = current._item;
      if (item === null) break;
      const parent = item.parent;
      if (parent === root) {
        if (item.parentSub !== null) keys.add(item.parentSub);
        break;
      }
      if (!(parent instanceof Y.AbstractType)) break;
      current = parent;
    }
  }
  return keys;
}

/** `readBoard` and `validateBoard` in one pass, for callers that need both. */
export function inspectBoard(doc: Y.Doc, options: ScanOptions = {}): { board: Board; violations: BoardViolation[] } {
  const { board, violations } = scanBoard(doc, options);
  return { board, violations: [...violations, ...boardViolations(board, false)] };
}

/**
 * The violations of a plain board (as `readBoard` returns it, or one received from elsewhere):
 * every ticket is re-validated against `ticketSchema`, then the cross-ticket invariants checked.
 */
export function checkBoardInvariants(board: Board): BoardViolation[] {
  return boardViolations(board, true);
}

function boardViolations(board: Board, revalidate: boolean): BoardViolation[] {
  const violations: BoardViolation[] = [];
  const report = (path: string, message: string): void => {
    violations.push({ path, message });
  };

  if (board.schemaVersion !== null && board.schemaVersion !== BOARD_SCHEMA_VERSION) {
    report(`${META_MAP}/schemaVersion`, `unsupported schema version ${String(board.schemaVersion)}`);
  }
  for (const key of board.malformed) {
    if (revalidate) report(`${TICKETS_MAP}/${key}`, 'malformed ticket entry');
  }

  const seen = new Set<string>();
  const held = new Set([...board.malformed, ...board.pending]);
  for (const ticket of board.tickets) {
    if (held.has(ticket.id)) report(`${TICKETS_MAP}/${ticket.id}`, 'listed as readable and as malformed or pending');
    const path = `${TICKETS_MAP}/${ticket.id}`;
    if (seen.has(ticket.id)) report(path, 'ticket listed twice');
    seen.add(ticket.id);
    if (revalidate) {
      const parsed = ticketSchema.safeParse(ticket);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) report(`${path}/${issue.path.join('/')}`, issue.message);
        continue;
      }
    } else if (!isRankOf(ticket.rank, ticket.id)) {
      report(`${path}/position/rank`, "rank does not end with the ticket's own suffix");
    }
  }

  // Ranks unique within each stage, archived tickets included (restoring one must not collide).
  const ranksByStage = new Map<string, Set<string>>();
  for (const ticket of board.tickets) {
    let ranks = ranksByStage.get(ticket.stage);
    if (ranks === undefined) {
      ranks = new Set();
      ranksByStage.set(ticket.stage, ranks);
    }
    if (ranks.has(ticket.rank)) report(`${TICKETS_MAP}/${ticket.id}/position/rank`, `rank shared with another ticket in ${ticket.stage}`);
    ranks.add(ticket.rank);
  }

  // Each ticket not archived sits in exactly one column, its own stage's, strictly ordered.
  const placed = new Map<string, number>();
  const stages: readonly string[] = STAGES;
  for (const [stage, column] of Object.entries(board.byStage)) {
    if (!stages.includes(stage)) {
      report(`byStage/${stage}`, 'not a stage');
      continue;
    }
    let previous: string | null = null;
    for (const ticket of column) {
      const path = `${TICKETS_MAP}/${ticket.id}`;
      placed.set(ticket.id, (placed.get(ticket.id) ?? 0) + 1);
      if (ticket.stage !== stage) report(path, `listed in column ${stage} but its stage is ${ticket.stage}`);
      if (ticket.archived) report(path, 'archived ticket listed in a column');
      if (!seen.has(ticket.id)) report(path, 'listed in a column but not among the tickets');
      if (previous !== null && !(previous < ticket.rank)) report(`${path}/position/rank`, `column ${stage} is not strictly ordered by rank`);
      previous = ticket.rank;
    }
  }
  for (const stage of STAGES) if (!Object.hasOwn(board.byStage, stage)) report(`byStage/${stage}`, 'missing column');
  for (const ticket of board.tickets) {
    const count = placed.get(ticket.id) ?? 0;
    const expected = ticket.archived ? 0 : 1;
    if (count !== expected) {
      report(`${TICKETS_MAP}/${ticket.id}`, `listed in ${count} columns, expected ${expected}`);
    }
  }
  return violations;
}
