/**
 * cold-load-10k: how long a server (or a browser) takes to go from stored bytes to a validated
 * board of 10,000 tickets — `Y.applyUpdate` of the stored state plus `readBoard` — against
 * `JSON.parse` of the same board as plain JSON, measured in the same run. Goal ≤ 6×.
 */
import {
  CHANNELS,
  STAGES,
  createTicket,
  newUserId,
  readBoard,
  serverOrigin,
  type Stage,
} from '@fluxo/shared';
import * as Y from 'yjs';
import { type Benchmark, interleaved } from './measure.js';

export function buildBoard(tickets: number): Y.Doc {
  const doc = new Y.Doc();
  const author = newUserId();
  const origin = serverOrigin('seed');
  for (let i = 0; i < tickets; i++) {
    const stage = STAGES[i % STAGES.length] as Stage;
    createTicket(
      doc,
      {
        title: `Ticket ${i} — banner para a campanha de desconto`,
        channel: CHANNELS[i % CHANNELS.length] ?? 'email',
        summary: 'Banner da página inicial anunciando o desconto.',
        description: 'Formato 1920×600 + versão mobile. Verificar contraste do CTA.',
        stage,
        steps: ['concept', 'copy', 'design', 'review'],
        assignees: [author],
        createdBy: author,
      },
      origin,
    );
  }
  return doc;
}

export const coldLoad10k: Benchmark = {
  id: 'cold-load-10k',
  label: 'cold load of a 10,000-ticket board (apply stored state + readBoard)',
  run(mode) {
    const doc = buildBoard(10_000);
    const state = Y.encodeStateAsUpdate(doc);
    const json = JSON.stringify(readBoard(doc).tickets);
    doc.destroy();
    const rounds = mode === 'short' ? 3 : 15;
    let loaded = 0;
    const medians = interleaved(
      rounds,
      () => {
        const fresh = new Y.Doc();
        Y.applyUpdate(fresh, state);
        loaded = readBoard(fresh).tickets.length;
        fresh.destroy();
      },
      () => {
        const parsed: unknown = JSON.parse(json);
        if (!Array.isArray(parsed) || parsed.length !== 10_000) throw new Error('reference parse lost tickets');
      },
    );
    if (loaded !== 10_000) throw new Error(`cold load read ${loaded} tickets, expected 10000`);
    return {
      id: 'cold-load-10k',
      label: this.label,
      value: medians.subject,
      unit: 'ms',
      reference: 'JSON.parse of the same 10,000 tickets',
      referenceValue: medians.reference,
      goal: 6,
    };
  },
};
