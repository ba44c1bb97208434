import {
  archiveTicket,
  editText,
  moveTicket,
  readFirstCards,
  readTicket,
  setStatus,
  TICKETS_MAP,
} from '@fluxo/shared/board/index';
import { ASANA, ASPAULO, newDoc, open, tid } from '@fluxo/shared/board/testing/fixtures';
import { createRoot, createRenderEffect } from 'solid-js';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type BoardReader, type BoardReaderOptions, createBoardReader } from './boardReader';

let disposeRoot: (() => void) | null = null;
afterEach(() => {
  disposeRoot?.();
  disposeRoot = null;
});

function read(doc: Y.Doc, options: BoardReaderOptions = {}): BoardReader {
  return createRoot((dispose) => {
    const reader = createBoardReader(doc, options);
    disposeRoot = () => {
      reader.dispose();
      dispose();
    };
    return reader;
  });
}

describe('createBoardReader', () => {
  it('starts from the document and keeps the columns in rank order as tickets arrive and move', () => {
    const doc = newDoc();
    open(doc, 1);
    open(doc, 2);
    const reader = read(doc);
    expect(reader.column('triage')).toEqual([tid(1), tid(2)]);

    open(doc, 3);
    moveTicket(doc, { ticketId: tid(3), toStage: 'triage', after: tid(1) }, ASANA);
    expect(reader.column('triage')).toEqual([tid(3), tid(1), tid(2)]);

    moveTicket(doc, { ticketId: tid(1), toStage: 'analysis' }, ASANA);
    expect(reader.column('triage')).toEqual([tid(3), tid(2)]);
    expect(reader.column('analysis')).toEqual([tid(1)]);
    expect(reader.tickets[tid(1)]?.stage).toBe('analysis');
  });

  it('follows remote updates and leaves archived tickets out of the columns', () => {
    const doc = newDoc(1);
    const colleague = newDoc(2);
    doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(colleague, u, 'net'));
    colleague.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(doc, u, 'net'));
    const reader = read(doc);

    open(colleague, 1);
    open(colleague, 2);
    expect(reader.column('triage')).toEqual([tid(1), tid(2)]);
    archiveTicket(colleague, { ticketId: tid(1) }, ASPAULO);
    expect(reader.column('triage')).toEqual([tid(2)]);
    expect(reader.tickets[tid(1)]?.archived).toBe(true);
  });

  it('reads again and re-renders only what an edit touched', () => {
    const doc = newDoc();
    for (let n = 1; n <= 50; n++) open(doc, n);
    const reads: string[] = [];
    const reader = read(doc, {
      readOne: (d, id) => {
        reads.push(id);
        return readTicket(d, id);
      },
    });
    const runs = new Map<string, number>();
    let columnRuns = 0;
    createRoot((dispose) => {
      const previous = disposeRoot;
      disposeRoot = () => {
        dispose();
        previous?.();
      };
      for (const id of reader.column('triage')) {
        createRenderEffect(() => {
          void reader.tickets[id]?.title;
          void reader.tickets[id]?.status;
          runs.set(id, (runs.get(id) ?? 0) + 1);
        });
      }
      createRenderEffect(() => {
        void reader.column('triage');
        columnRuns++;
      });
    });

    editText(doc, { ticketId: tid(7), field: 'title', index: 0, insert: 'Urgente: ' }, ASANA);
    setStatus(doc, { ticketId: tid(9), status: 'waiting_client' }, ASANA);
    editText(doc, { ticketId: tid(9), field: 'description', index: 0, insert: 'notes' }, ASANA);

    expect(reads).toEqual([tid(7), tid(9), tid(9)]);
    expect(reader.tickets[tid(7)]?.title).toBe('Urgente: Ticket 7');
    expect(reader.tickets[tid(9)]?.status).toBe('waiting_client');
    expect(runs.get(tid(7))).toBe(2);
    expect(runs.get(tid(9))).toBe(2);
    const others = [...runs.entries()].filter(([id]) => id !== tid(7) && id !== tid(9));
    expect(others.every(([, count]) => count === 1)).toBe(true);
    // Edits inside tickets do not rebuild the column's list.
    expect(columnRuns).toBe(1);
  });

  it('rebuilds the columns in one pass when a large update arrives', () => {
    const source = newDoc(5);
    for (let n = 1; n <= 400; n++) open(source, n, { stage: n % 2 === 0 ? 'analysis' : 'triage' });
    moveTicket(source, { ticketId: tid(400), toStage: 'analysis', after: tid(2) }, ASANA);
    const doc = newDoc(6);
    const reader = read(doc);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source), 'net');
    const expected = (stage: 'triage' | 'analysis') =>
      [...source.getMap<Y.Map<unknown>>(TICKETS_MAP).entries()]
        .map(([id, entry]) => ({ id, position: entry.get('position') as { stage: string; rank: string } }))
        .filter((t) => t.position.stage === stage)
        .sort((a, b) => (a.position.rank < b.position.rank ? -1 : 1))
        .map((t) => t.id);
    expect(reader.column('triage')).toEqual(expected('triage'));
    expect(reader.column('analysis')).toEqual(expected('analysis'));
    expect(reader.column('analysis')[0]).toBe(tid(400));
  });

  it('counts each column’s open tickets through closes, reopenings, moves, archiving and large updates', () => {
    const doc = newDoc();
    for (let n = 1; n <= 4; n++) open(doc, n);
    open(doc, 5, { stage: 'analysis' });
    setStatus(doc, { ticketId: tid(4), status: 'done' }, ASANA);
    const reader = read(doc);
    const counts = () => ({ triage: reader.openCount('triage'), analysis: reader.openCount('analysis') });
    expect(counts()).toEqual({ triage: 3, analysis: 1 });

    let triageRuns = 0;
    createRoot((dispose) => {
      const previous = disposeRoot;
      disposeRoot = () => {
        dispose();
        previous?.();
      };
      createRenderEffect(() => {
        void reader.openCount('triage');
        triageRuns++;
      });
    });

    setStatus(doc, { ticketId: tid(1), status: 'cancelled' }, ASANA);
    expect(counts()).toEqual({ triage: 2, analysis: 1 });
    setStatus(doc, { ticketId: tid(4), status: 'open' }, ASANA);
    expect(counts()).toEqual({ triage: 3, analysis: 1 });
    setStatus(doc, { ticketId: tid(2), status: 'waiting_client' }, ASANA);
    editText(doc, { ticketId: tid(3), field: 'title', index: 0, insert: 'Urgente: ' }, ASANA);
    expect(counts()).toEqual({ triage: 3, analysis: 1 });
    // Only the closing and the reopening changed the triage count.
    expect(triageRuns).toBe(3);

    moveTicket(doc, { ticketId: tid(2), toStage: 'analysis' }, ASANA);
    expect(counts()).toEqual({ triage: 2, analysis: 2 });
    archiveTicket(doc, { ticketId: tid(5) }, ASANA);
    expect(counts()).toEqual({ triage: 2, analysis: 1 });

    const source = newDoc(7);
    for (let n = 100; n < 400; n++) open(source, n, { stage: 'analysis' });
    for (let n = 100; n < 150; n++) setStatus(source, { ticketId: tid(n), status: 'done' }, ASPAULO);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source), 'net');
    expect(counts()).toEqual({ triage: 2, analysis: 251 });
  });

  it('leaves out a ticket that does not read, and shows it again once it does', () => {
    const doc = newDoc();
    open(doc, 1);
    const reader = read(doc);
    const entry = doc.getMap<Y.Map<unknown>>(TICKETS_MAP).get(tid(1));
    const status = entry?.get('status');
    doc.transact(() => entry?.set('status', 'lost'));
    expect(reader.tickets[tid(1)]).toBeUndefined();
    expect(reader.column('triage')).toEqual([]);
    doc.transact(() => entry?.set('status', status));
    expect(reader.column('triage')).toEqual([tid(1)]);
  });

  it('stops following the document once disposed', () => {
    const doc = newDoc();
    const reader = read(doc);
    reader.dispose();
    open(doc, 1);
    expect(reader.column('triage')).toEqual([]);
  });
});

describe('createBoardReader: preview of the server’s first cards', () => {
  it('shows the first cards and the server’s counts, hides a partial document, then shows the document', () => {
    // The server's board: 4 tickets in triage (one done), 1 in analysis.
    const server = newDoc(7);
    for (const n of [1, 2, 3, 4]) open(server, n);
    open(server, 5, { stage: 'analysis' });
    setStatus(server, { ticketId: tid(4), status: 'done' }, ASANA);
    const first = readFirstCards(server, 2);

    const doc = newDoc();
    const reader = read(doc);
    reader.showPreview(first);
    expect(reader.previewing()).toBe(true);
    expect(reader.column('triage')).toEqual([tid(1), tid(2)]);
    expect(reader.size('triage')).toBe(4);
    expect(reader.openCount('triage')).toBe(3);
    expect(reader.column('analysis')).toEqual([tid(5)]);
    expect(reader.tickets[tid(1)]?.title).toBe('Ticket 1');

    // A colleague's update arrives before the document: stored, not shown as the column.
    const partial = newDoc(9);
    open(partial, 9, { stage: 'delivery' });
    editText(server, { ticketId: tid(1), field: 'title', index: 0, insert: 'Urgente: ' }, ASANA);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(partial));
    expect(reader.column('delivery')).toEqual([]);
    expect(reader.size('delivery')).toBe(0);
    expect(reader.tickets[tid(9)]?.stage).toBe('delivery');

    // The document (with a change made after the preview was read), then the end of the preview.
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    expect(reader.column('triage')).toEqual([tid(1), tid(2)]);
    expect(reader.tickets[tid(1)]?.title).toBe('Urgente: Ticket 1');
    reader.endPreview();
    expect(reader.previewing()).toBe(false);
    expect(reader.column('triage')).toEqual([tid(1), tid(2), tid(3), tid(4)]);
    expect(reader.size('triage')).toBe(4);
    expect(reader.openCount('triage')).toBe(3);
    expect(reader.column('analysis')).toEqual([tid(5)]);
    expect(reader.column('delivery')).toEqual([tid(9)]);
  });

  it('drops the preview’s cards the document does not hold when it ends', () => {
    const server = newDoc(7);
    open(server, 1);
    open(server, 2, { stage: 'production' });
    const doc = newDoc();
    const reader = read(doc);
    reader.showPreview(readFirstCards(server, 5));
    expect(reader.tickets[tid(2)]?.stage).toBe('production');
    open(doc, 1);
    reader.endPreview();
    expect(reader.tickets[tid(2)]).toBeUndefined();
    expect(reader.column('production')).toEqual([]);
    expect(reader.size('production')).toBe(0);
    expect(reader.column('triage')).toEqual([tid(1)]);
  });

  it('publishes a column once more when the preview ends, never while the document arrives under it', () => {
    const server = newDoc(7);
    for (const n of [1, 2, 3]) open(server, n);
    const doc = newDoc();
    const reader = read(doc);
    reader.showPreview(readFirstCards(server, 3));
    const seen: string[][] = [];
    createRoot((dispose) => {
      createRenderEffect(() => seen.push([...reader.column('triage')]));
      const previous = disposeRoot;
      disposeRoot = () => {
        dispose();
        previous?.();
      };
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server));
    reader.endPreview();
    expect(seen).toEqual([
      [tid(1), tid(2), tid(3)],
      [tid(1), tid(2), tid(3)],
    ]);
  });
});
