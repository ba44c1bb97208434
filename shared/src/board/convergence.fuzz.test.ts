/**
 * Convergence fuzzing, the Yjs way. Each seed builds a small deployment (a server and 1–7
 * browsers, see `testing/network.ts`), runs random commands on random replicas — including
 * concurrent moves of one ticket and concurrent drops into one gap — while the network
 * reorders, duplicates, delays and drops messages, browsers go offline and come back, and the
 * server restarts from a stale stored copy. Commands the flow rules reject are ignored.
 *
 * Asserted: every intermediate state of every touched replica passes `validateBoard` (strict on
 * the server); at the end,
 * with everything delivered, all replicas read exactly the same board, it passes the invariants,
 * a document rebuilt from storage reads the same, and no ticket ever created is lost.
 *
 * FLUXO_FUZZ_SEEDS (default 200) seeds are run starting at FLUXO_FUZZ_SEED (default 1). A failure
 * names its seed and the command that replays it; keep such seeds in REGRESSION_SEEDS.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { type DomainErrorCode, isDomainError } from '../errors.js';
import type { ClientId, TicketId, UserId } from '../ids.js';
import { type TransactionOrigin, serverOrigin, userOrigin } from '../origin.js';
import { CHANNELS } from '../flow/channels.js';
import { PRIORITIES } from '../flow/priorities.js';
import { PRODUCTION_STEPS } from '../flow/productionSteps.js';
import { STAGES, stageIndex } from '../flow/stages.js';
import { STATUSES, isClosed } from '../flow/statuses.js';
import { archiveTicket, restoreTicket } from './archiveTicket.js';
import { assignTicket, unassignTicket } from './assignTicket.js';
import { createTicket } from './createTicket.js';
import { editText } from './editText.js';
import { checkBoardInvariants, inspectBoard, validateBoard } from './invariants.js';
import { TEXT_FIELDS, initBoard } from './layout.js';
import { type MoveTicketInput, moveTicket } from './moveTicket.js';
import { type Board, readBoard } from './readBoard.js';
import { setDueDate } from './setDueDate.js';
import { setStatus } from './setStatus.js';
import { setSteps, toggleStep } from './setSteps.js';
import { setTicketNumber } from './setTicketNumber.js';
import { setTicketDetails } from './setTicketDetails.js';
import type { Ticket } from './ticket.js';
import { Network } from './testing/network.js';
import { Prng } from './testing/prng.js';

/**
 * Seeds that once failed; each runs on every test run, whatever FLUXO_FUZZ_SEED says.
 * - 1: a browser received, relayed by the server, the deletion of a ticket's old `dueDate` while
 *   the new value still waited at the server for an earlier update; the ticket had no `dueDate`
 *   and was reported malformed. Such tickets are now `pending`, not violations (invariants.ts).
 */
const REGRESSION_SEEDS: number[] = [1];

const env =
  (globalThis as unknown as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
function integerFromEnv(name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}
const SEED_COUNT = integerFromEnv('FLUXO_FUZZ_SEEDS', 200, 1);
const FIRST_SEED = integerFromEnv('FLUXO_FUZZ_SEED', 1, 0);

const USERS = ['AnaAtendimento01', 'PauloProducao001', 'DoraDiretora0001', 'BiaRedatora00001'] as UserId[];
const CLIENTS = ['ClienteLojaAzul1', 'ClienteEscolaX01'] as ClientId[];
const KINDS = ['banner', 'landing-page', 'logo_file'];

interface Stats {
  created: number;
  accepted: number;
  rejected: number;
  movesAccepted: number;
  detailsAccepted: number;
  concurrentSameTicket: number;
  concurrentSameGap: number;
  restarts: number;
  dropped: number;
  duplicated: number;
  replicas: number;
  pendingSeen: number;
}

const emptyStats = (): Stats => ({
  created: 0,
  accepted: 0,
  rejected: 0,
  movesAccepted: 0,
  detailsAccepted: 0,
  concurrentSameTicket: 0,
  concurrentSameGap: 0,
  restarts: 0,
  dropped: 0,
  duplicated: 0,
  replicas: 0,
  pendingSeen: 0,
});

class Run {
  readonly prng: Prng;
  readonly net: Network;
  readonly stats = emptyStats();
  /** Every ticket a command created; none may be missing at the end. */
  readonly created = new Set<string>();
  private readonly clientIds = new Set<number>();
  private readonly touched = new Set<number>();

  constructor(readonly seed: number) {
    this.prng = new Prng(seed);
    const replicas = this.prng.int(2, 8);
    this.stats.replicas = replicas;
    this.net = new Network(this.prng, replicas, () => this.freshClientId());
    initBoard(this.net.server, serverOrigin('seed'));
    this.net.flush();
  }

  /** Distinct client ids for every document ever made in this run, restarts included. */
  private freshClientId(): number {
    for (;;) {
      const id = this.prng.int(1, 0x7fffffff);
      if (!this.clientIds.has(id)) {
        this.clientIds.add(id);
        return id;
      }
    }
  }

  private originOf(replica: number): TransactionOrigin {
    return replica === 0 ? serverOrigin('email') : userOrigin(this.prng.pick(USERS));
  }

  /** Run a command; a rejection with one of the expected codes is counted, anything else fails. */
  private attempt(replica: number, allowed: readonly DomainErrorCode[], command: () => void): boolean {
    this.touched.add(replica);
    try {
      command();
      this.stats.accepted++;
      // The server persists its own writes before acknowledging them.
      if (replica === 0) this.net.flush();
      return true;
    } catch (error) {
      if (isDomainError(error) && allowed.includes(error.code)) {
        this.stats.rejected++;
        return false;
      }
      throw error;
    }
  }

  private randomMove(board: Board, ticket: Ticket): MoveTicketInput {
    const from = stageIndex(ticket.stage);
    const to = this.prng.bool(0.85)
      ? (STAGES[Math.min(STAGES.length - 1, Math.max(0, from + this.prng.int(-1, 1)))] ?? ticket.stage)
      : this.prng.pick(STAGES);
    return this.moveInto(board, ticket.id, to, this.prng.int(0, board.byStage[to].length));
  }

  /** A move into gap `gap` of `to` (0 = top), naming the neighbours in one of the four ways. */
  private moveInto(board: Board, ticketId: TicketId, to: Ticket['stage'], gap: number): MoveTicketInput {
    const column = board.byStage[to].filter((t) => t.id !== ticketId);
    const before = column[gap - 1]?.id;
    const after = column[gap]?.id;
    switch (this.prng.int(0, 3)) {
      case 0:
        return { ticketId, toStage: to, before, after };
      case 1:
        return before !== undefined ? { ticketId, toStage: to, before } : { ticketId, toStage: to, after };
      case 2:
        return after !== undefined ? { ticketId, toStage: to, after } : { ticketId, toStage: to, before };
      default:
        return { ticketId, toStage: to };
    }
  }

  private create(replica: number): void {
    const doc = this.net.doc(replica);
    const id = this.prng.id();
    const accepted = this.attempt(replica, [], () =>
      createTicket(
        doc,
        {
          id,
          title: `T ${this.prng.string(this.prng.int(1, 12))}`,
          channel: this.prng.pick(CHANNELS),
          summary: this.prng.string(this.prng.int(0, 8)),
          steps: PRODUCTION_STEPS.filter(() => this.prng.bool(0.4)),
          assignees: USERS.filter(() => this.prng.bool(0.2)),
          stage: this.prng.bool(0.8) ? undefined : this.prng.pick(STAGES),
          createdAt: new Date(Date.UTC(2024, 0, 1) + this.prng.int(0, 1e9)).toISOString(),
        },
        this.originOf(replica),
      ),
    );
    if (accepted) {
      this.created.add(id);
      this.stats.created++;
    }
  }

  /** One random command on one replica, against that replica's own view of the board. */
  command(replica: number): void {
    const doc = this.net.doc(replica);
    const board = readBoard(doc);
    const ticket = this.prng.maybePick(board.tickets);
    if (ticket === undefined || this.prng.bool(0.12)) {
      this.create(replica);
      return;
    }
    const origin = this.originOf(replica);
    const ticketId = ticket.id;
    const roll = this.prng.int(0, 99);
    if (roll < 35) {
      const input = this.randomMove(board, ticket);
      if (this.attempt(replica, ['invalid_move', 'ticket_closed'], () => moveTicket(doc, input, origin))) {
        this.stats.movesAccepted++;
      }
    } else if (roll < 50) {
      const status = this.prng.bool(0.3) ? 'open' : this.prng.pick(STATUSES);
      this.attempt(replica, ['invalid_status'], () => setStatus(doc, { ticketId, status }, origin));
    } else if (roll < 58) {
      const userId = this.prng.pick(USERS);
      const assign = this.prng.bool(0.6);
      this.attempt(replica, [], () =>
        assign ? assignTicket(doc, { ticketId, userId }, origin) : unassignTicket(doc, { ticketId, userId }, origin),
      );
    } else if (roll < 63) {
      const dueDate = this.prng.bool(0.2)
        ? null
        : `2024-${String(this.prng.int(1, 12)).padStart(2, '0')}-${String(this.prng.int(1, 28)).padStart(2, '0')}`;
      this.attempt(replica, [], () => setDueDate(doc, { ticketId, dueDate }, origin));
    } else if (roll < 78) {
      const field = this.prng.pick(TEXT_FIELDS);
      const length = ticket[field].length;
      const index = this.prng.int(0, length);
      const deleteCount = this.prng.int(0, Math.min(3, length - index));
      const insert = this.prng.string(this.prng.int(0, 4));
      // A title edited down to nothing is refused; everything else here is valid.
      this.attempt(replica, ['invalid_input'], () =>
        editText(doc, { ticketId, field, index, deleteCount, insert }, origin),
      );
    } else if (roll < 88) {
      const chosen = this.prng.maybePick(ticket.steps);
      if (chosen !== undefined && this.prng.bool(0.6)) {
        this.attempt(replica, [], () => toggleStep(doc, { ticketId, step: chosen.step }, origin));
      } else {
        const steps = PRODUCTION_STEPS.filter(() => this.prng.bool(0.5));
        this.attempt(replica, [], () => setSteps(doc, { ticketId, steps }, origin));
      }
    } else if (roll < 93) {
      // Any subset of the four details, at least one; null clears client and kind.
      const which = this.prng.int(1, 15);
      const channel = which & 1 ? this.prng.pick(CHANNELS) : undefined;
      const clientId = which & 2 ? (this.prng.bool(0.25) ? null : this.prng.pick(CLIENTS)) : undefined;
      const kind = which & 4 ? (this.prng.bool(0.25) ? null : this.prng.pick(KINDS)) : undefined;
      const priority = which & 8 ? this.prng.pick(PRIORITIES) : undefined;
      if (this.attempt(replica, [], () => setTicketDetails(doc, { ticketId, channel, clientId, kind, priority }, origin))) {
        this.stats.detailsAccepted++;
      }
    } else {
      this.attempt(replica, [], () =>
        ticket.archived || this.prng.bool(0.3)
          ? restoreTicket(doc, { ticketId }, origin)
          : archiveTicket(doc, { ticketId }, origin),
      );
    }
  }

  /**
   * Several online replicas first share one view (handshakes), then act at once without hearing
   * from each other: either all move the same ticket, or each drops a different ticket into the
   * same gap of the same column.
   */
  concurrentBurst(): void {
    const online = [0, ...Array.from({ length: this.net.size - 1 }, (_, i) => i + 1).filter((i) => this.net.online[i])];
    if (online.length < 2) return;
    const actors = online.filter(() => this.prng.bool(0.6)).slice(0, 4);
    if (actors.length < 2) return;
    for (let pass = 0; pass < 2; pass++) for (const a of actors) if (a !== 0) this.net.handshake(a);
    for (const a of actors) this.touched.add(a);
    const shared = readBoard(this.net.server);
    const movable = shared.tickets.filter((t) => !t.archived && !isClosed(t.status));
    if (this.prng.bool(0.5)) {
      const ticket = this.prng.maybePick(movable);
      if (ticket === undefined) return;
      this.stats.concurrentSameTicket++;
      for (const a of actors) {
        const board = readBoard(this.net.doc(a));
        const input = this.randomMove(board, ticket);
        this.attempt(a, ['invalid_move', 'ticket_closed'], () => moveTicket(this.net.doc(a), input, this.originOf(a)));
      }
    } else {
      const to = this.prng.pick(STAGES);
      const column = shared.byStage[to];
      const gap = this.prng.int(0, column.length);
      const before = column[gap - 1]?.id;
      const after = column[gap]?.id;
      const candidates = movable.filter((t) => t.id !== before && t.id !== after);
      this.stats.concurrentSameGap++;
      for (const a of actors) {
        const ticket = this.prng.maybePick(candidates);
        if (ticket === undefined) return;
        candidates.splice(candidates.indexOf(ticket), 1);
        const input: MoveTicketInput = { ticketId: ticket.id, toStage: to, before, after };
        this.attempt(a, ['invalid_move', 'ticket_closed'], () => moveTicket(this.net.doc(a), input, this.originOf(a)));
      }
    }
  }

  /** The server witness numbers the tickets it has not numbered yet. */
  witness(): void {
    const board = readBoard(this.net.server);
    let next = Math.max(0, ...board.tickets.map((t) => t.number ?? 0)) + 1;
    for (const ticket of board.tickets) {
      if (ticket.number !== null) continue;
      const number = next++;
      this.attempt(0, [], () => setTicketNumber(this.net.server, { ticketId: ticket.id, number }, serverOrigin('witness')));
    }
  }

  step(): void {
    const roll = this.prng.next();
    if (roll < 0.42) this.command(this.prng.int(0, this.net.size - 1));
    else if (roll < 0.8) {
      for (let i = this.prng.int(1, 6); i > 0; i--) {
        const target = this.net.deliverOne(true);
        if (target !== null) this.touched.add(target);
      }
    } else if (roll < 0.87) {
      const peer = this.prng.int(1, this.net.size - 1);
      if (this.net.online[peer]) this.net.goOffline(peer);
      else {
        this.net.goOnline(peer);
        this.touched.add(peer).add(0);
      }
    } else if (roll < 0.92) this.concurrentBurst();
    else if (roll < 0.95) this.net.flush();
    else if (roll < 0.97) {
      this.net.restartServer();
      for (let i = 0; i < this.net.size; i++) this.touched.add(i);
    } else this.witness();
  }

  /** Invariants on every replica this step touched. */
  checkTouched(label: string): void {
    for (const replica of this.touched) {
      // The server judges its own document strictly; a browser may hold a relayed deletion whose
      // replacement still waits at the server (see invariants.ts).
      const doc = this.net.doc(replica);
      const { board, violations } = inspectBoard(doc, { strict: replica === 0 });
      if (board.pending.length > 0) this.stats.pendingSeen++;
      if (violations.length > 0) {
        throw new Error(`${label}: replica ${replica} violates invariants: ${JSON.stringify(violations.slice(0, 5))}`);
      }
    }
    this.touched.clear();
  }

  finish(): void {
    this.net.settle();
    const reference = readBoard(this.net.server);
    const referenceJson = JSON.stringify(reference);
    for (let i = 0; i < this.net.size; i++) {
      const board = readBoard(this.net.doc(i));
      expect(JSON.stringify(board), `replica ${i} differs from the server`).toBe(referenceJson);
      expect(validateBoard(this.net.doc(i), { strict: true }), `replica ${i} violations`).toEqual([]);
    }
    expect(checkBoardInvariants(reference)).toEqual([]);
    expect(reference.malformed).toEqual([]);
    expect(reference.pending).toEqual([]);
    const rebuilt = new Y.Doc();
    Y.applyUpdate(rebuilt, Y.encodeStateAsUpdate(this.net.server));
    expect(JSON.stringify(readBoard(rebuilt)), 'document rebuilt from storage').toBe(referenceJson);
    const present = new Set(reference.tickets.map((t) => t.id));
    expect([...this.created].filter((id) => !present.has(id as TicketId)), 'lost tickets').toEqual([]);
    this.stats.restarts = this.net.stats.restarts;
    this.stats.dropped = this.net.stats.dropped;
    this.stats.duplicated = this.net.stats.duplicated;
  }
}

function replayHint(seed: number): string {
  return `replay: FLUXO_FUZZ_SEED=${seed} FLUXO_FUZZ_SEEDS=1 npx vitest run --project shared src/board/convergence.fuzz.test.ts`;
}

function runSeed(seed: number): Stats {
  let run: Run | undefined;
  let step = -1;
  try {
    run = new Run(seed);
    const steps = run.prng.int(60, 160);
    for (step = 0; step < steps; step++) {
      run.step();
      run.checkTouched(`step ${step}`);
    }
    step = -1;
    run.finish();
    return run.stats;
  } catch (error) {
    const where = step >= 0 ? ` at step ${step}` : ' at the end';
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`convergence failed for seed ${seed}${where}: ${message}\n${replayHint(seed)}`, { cause: error });
  }
}

function addStats(total: Stats, more: Stats): void {
  for (const key of Object.keys(total) as (keyof Stats)[]) total[key] += more[key];
}

describe('board convergence (fuzz)', () => {
  it('converges for the regression seeds', () => {
    for (const seed of REGRESSION_SEEDS) runSeed(seed);
  });

  it(`converges for ${SEED_COUNT} seeds from ${FIRST_SEED}`, () => {
    const total = emptyStats();
    for (let seed = FIRST_SEED; seed < FIRST_SEED + SEED_COUNT; seed++) addStats(total, runSeed(seed));
    // The generator must actually exercise what it claims to, or a pass means nothing.
    if (SEED_COUNT >= 50) {
      expect(total.created).toBeGreaterThan(SEED_COUNT * 3);
      expect(total.movesAccepted).toBeGreaterThan(SEED_COUNT * 3);
      expect(total.detailsAccepted).toBeGreaterThan(SEED_COUNT / 2);
      expect(total.rejected).toBeGreaterThan(0);
      expect(total.concurrentSameTicket).toBeGreaterThan(0);
      expect(total.concurrentSameGap).toBeGreaterThan(0);
      expect(total.restarts).toBeGreaterThan(0);
      expect(total.dropped).toBeGreaterThan(0);
      expect(total.duplicated).toBeGreaterThan(0);
    }
  }, 120_000);
});
