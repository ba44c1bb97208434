/**
 * cold-load-10k: what opening a 10,000-ticket board costs the server when it is not in memory —
 * the bytes on disk to a live, validated document, through the server's own code:
 *
 *   `BoardRoom` load (server/src/sync/boardRoom.ts: `store.boardDocs.load` reads
 *   `boards/<id>.ylog` and checks each record's CRC, then `Y.applyUpdate` into the room's live
 *   `Y.Doc`, the document the sync server serves)
 *   → `inspectBoard(doc, {strict: true})` (every ticket read and validated, plus the board
 *   invariants: what a browser does with the same bytes, and what the server would do to refuse
 *   a damaged board).
 *
 * Reference, in the same run: reading the same 10,000 tickets (as `readBoard` returns them) from a
 * JSON file and `JSON.parse`-ing them — the least any server must do to get the same data off the
 * disk. Goal ≤ 6×.
 *
 * The board (`boardFixture.ts`) has history: written by 20 sessions, every ticket numbered by the
 * witness and about half of them moved, re-statused, edited or reassigned, and stored compacted
 * (one record), as the server's compaction leaves it. Each sample starts after a full GC.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectBoard, newAgencyId, newBoardId } from '@fluxo/shared';
import { MAX_DOCUMENT_BYTES } from '@fluxo/shared/sync/protocol';
import { silentLogger } from '../../server/src/log.js';
import { openLowdbStore } from '../../server/src/store/lowdbStore.js';
import { DEFAULT_COMPACTION } from '../../server/src/sync/boardPersistence.js';
import { BoardRoom, type RoomDeps } from '../../server/src/sync/boardRoom.js';
import { DEFAULT_PRESENCE } from '../../server/src/sync/presenceRelay.js';
import { buildBoardFixture } from './boardFixture.js';
import { type Benchmark, interleavedAsync } from './measure.js';

export const COLD_LOAD_TICKETS = 10_000;

export const coldLoad10k: Benchmark = {
  id: 'cold-load-10k',
  label: 'server cold load of a 10,000-ticket board: log file → BoardRoom load (Y.applyUpdate) → inspectBoard',
  async run(mode) {
    const fixture = buildBoardFixture(COLD_LOAD_TICKETS);
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-bench-cold-'));
    const store = await openLowdbStore(dir);
    try {
      const boardId = newBoardId();
      const agencyId = newAgencyId();
      await store.boardDocs.replace(boardId, fixture.state);
      const jsonFile = join(dir, 'tickets.json');
      await writeFile(jsonFile, JSON.stringify(fixture.tickets));
      const deps: RoomDeps = {
        store,
        logger: silentLogger,
        witness: null,
        now: () => new Date(),
        options: {
          idleUnloadMs: 30_000,
          maxDocumentBytes: MAX_DOCUMENT_BYTES,
          compaction: DEFAULT_COMPACTION,
          presence: DEFAULT_PRESENCE,
        },
        onIdle: () => undefined,
      };
      const rounds = mode === 'short' ? 3 : 15;
      let room: BoardRoom | null = null;
      let loaded = 0;
      const medians = await interleavedAsync(
        rounds,
        {
          run: async () => {
            room = new BoardRoom(boardId, agencyId, deps);
            await room.ready;
            const { board, violations } = inspectBoard(room.doc, { strict: true });
            if (violations.length > 0) throw new Error(`loaded board has violations: ${violations[0]?.message ?? ''}`);
            loaded = board.tickets.length;
          },
          cleanup: async () => {
            await room?.unload();
            room = null;
          },
        },
        {
          run: async () => {
            const parsed: unknown = JSON.parse(await readFile(jsonFile, 'utf8'));
            if (!Array.isArray(parsed) || parsed.length !== COLD_LOAD_TICKETS) throw new Error('reference parse lost tickets');
          },
        },
      );
      if (loaded !== COLD_LOAD_TICKETS) throw new Error(`cold load read ${loaded} tickets, expected ${COLD_LOAD_TICKETS}`);
      return {
        id: 'cold-load-10k',
        label: this.label,
        value: medians.subject,
        unit: 'ms',
        reference: 'readFile + JSON.parse of the same 10,000 tickets',
        referenceValue: medians.reference,
        goal: 6,
      };
    } finally {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
