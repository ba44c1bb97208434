/**
 * What the sync benchmarks share: one prepared data directory (demo agency + 10,000-ticket
 * board, made once per run), fresh server processes per benchmark on copies of it (so no
 * benchmark inherits another's rooms, edits or memory), the signed-in session, and the fan-out
 * probe that times one update's arrival at every viewer.
 */
import { type BoardId, type Ticket, type TicketId, readBoard } from '@fluxo/shared';
import type * as Y from 'yjs';
import { HostProcess } from './hostProcess.js';
import { type FluxoData, type Session, fluxoEnv, freePort, login, prepareFluxoData } from './fluxoDataDir.js';
import type { EditorClient, Endpoint, ViewerClient } from './syncClients.js';

export const BIG_BOARD_TICKETS = 10_000;

let data: Promise<FluxoData> | null = null;

/** The prepared data directory (made on first use). */
export function fluxoData(): Promise<FluxoData> {
  data ??= prepareFluxoData({ bigBoardTickets: BIG_BOARD_TICKETS });
  return data;
}

/** Removes the prepared data directory and its copies. */
export async function disposeSyncLab(): Promise<void> {
  if (data === null) return;
  const prepared = await data.catch(() => null);
  data = null;
  await prepared?.remove();
}

export interface FluxoServerUnderTest {
  readonly host: HostProcess;
  readonly baseUrl: string;
  readonly session: Session;
  readonly data: FluxoData;
  endpoint(boardId: BoardId): Endpoint;
}

/** A Fluxo server process on a fresh copy of the data, and a signed-in session (Ana). */
export async function startFluxo(): Promise<FluxoServerUnderTest> {
  const prepared = await fluxoData();
  const dir = await prepared.copy();
  const port = await freePort();
  const host = await HostProcess.start('fluxo', fluxoEnv(dir, port));
  const baseUrl = `http://127.0.0.1:${host.port}`;
  const session = await login(baseUrl, prepared.email, prepared.password);
  return {
    host,
    baseUrl,
    session,
    data: prepared,
    endpoint: (boardId) => ({
      url: `ws://127.0.0.1:${host.port}/sync/${boardId}`,
      headers: { cookie: session.cookie, origin: baseUrl },
      fluxo: true,
    }),
  };
}

export interface RelayUnderTest {
  readonly host: HostProcess;
  endpoint(room: string): Endpoint;
}

export async function startRelay(): Promise<RelayUnderTest> {
  const host = await HostProcess.start('relay');
  return {
    host,
    endpoint: (room) => ({ url: `ws://127.0.0.1:${host.port}/sync/${room}`, headers: {}, fluxo: false }),
  };
}

/** Open (not closed, not archived) tickets of a replica, to type into. */
export function openTickets(doc: Y.Doc): TicketId[] {
  const open = readBoard(doc).tickets.filter((t: Ticket) => !t.archived && (t.status === 'open' || t.status === 'waiting_client'));
  if (open.length === 0) throw new Error('the board has no open ticket to edit');
  return open.map((t) => t.id);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const ROUND_TIMEOUT_MS = 15_000;

/**
 * Times one update from an editor to every viewer. Each round types a distinct marker text; a
 * viewer's receipt counts once, when a frame carrying that marker arrives (any other update —
 * e.g. a server-made change — is ignored), as milliseconds since the editor sent it.
 */
export class FanoutProbe {
  readonly viewers: readonly ViewerClient[];
  readonly #seen: Int32Array;
  #round = 0;
  #marker: Buffer = Buffer.alloc(0);
  #sentAt = 0;
  #remaining = 0;
  #samples: number[] = [];
  #done: (() => void) | null = null;

  constructor(viewers: readonly ViewerClient[]) {
    this.viewers = viewers;
    this.#seen = new Int32Array(viewers.length).fill(-1);
    viewers.forEach((viewer, index) => {
      viewer.onUpdate = (frame) => this.#receipt(index, frame);
    });
  }

  #receipt(index: number, frame: Buffer): void {
    if (this.#done === null || this.#seen[index] === this.#round || !frame.includes(this.#marker)) return;
    this.#seen[index] = this.#round;
    this.#samples.push(performance.now() - this.#sentAt);
    if (--this.#remaining === 0) {
      const done = this.#done;
      this.#done = null;
      done();
    }
  }

  /** One round: `editor` types into `ticketId`; resolves when every viewer has it. */
  async round(editor: EditorClient, ticketId: TicketId, into: number[]): Promise<void> {
    this.#round++;
    const text = `‹${this.#round.toString(36)}›`;
    this.#marker = Buffer.from(text, 'utf8');
    this.#samples = into;
    this.#remaining = this.viewers.length;
    const done = new Promise<void>((resolve) => {
      this.#done = resolve;
    });
    this.#sentAt = editor.type(ticketId, text).sentAt;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const closed = this.viewers.filter((v) => v.closedWith !== null).length;
        reject(
          new Error(
            `round ${this.#round}: ${this.#remaining} of ${this.viewers.length} viewers never got the update ` +
              `(${closed} sockets closed, editor closed with ${String(editor.closedWith)}, ${editor.refused} refusals)`,
          ),
        );
      }, ROUND_TIMEOUT_MS);
    });
    try {
      await Promise.race([done, timeout]);
    } finally {
      clearTimeout(timer);
      this.#done = null;
    }
  }
}
