import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { BoardId, TicketId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import { type SearchEntry, SearchIndex, markedExcerpt, ticketEntryKey } from './searchIndex.js';

const BOARD = 'BoardAAAAAAAAAAA' as BoardId;
const OTHER = 'BoardBBBBBBBBBBB' as BoardId;
const DAY = 86_400_000;
const T0 = Date.parse('2025-03-01T12:00:00.000Z');

function ticket(id: string, title: string, body = '', options: Partial<SearchEntry> = {}): SearchEntry {
  const boardId = options.boardId ?? BOARD;
  return {
    key: ticketEntryKey(boardId as BoardId, id as TicketId),
    type: 'ticket',
    boardId,
    ticketId: id as TicketId,
    commentId: null,
    documentId: null,
    ticketNumber: null,
    title,
    fields: [
      { field: 'title', text: title },
      { field: 'body', text: body },
    ],
    at: T0,
    archived: false,
    ...options,
  };
}

function comment(id: string, ticketId: string, text: string, options: Partial<SearchEntry> = {}): SearchEntry {
  const boardId = options.boardId ?? BOARD;
  return {
    key: `c:${boardId}/${ticketId}/${id}`,
    type: 'comment',
    boardId,
    ticketId: ticketId as TicketId,
    commentId: id as CommentId,
    documentId: null,
    ticketNumber: null,
    title: '',
    fields: [{ field: 'comment', text }],
    at: T0,
    archived: false,
    ...options,
  };
}

function document(id: string, title: string, text: string, options: Partial<SearchEntry> = {}): SearchEntry {
  return {
    key: `d:${id}`,
    type: 'document',
    boardId: BOARD,
    ticketId: null,
    commentId: null,
    documentId: id,
    ticketNumber: null,
    title,
    fields: [{ field: 'document', text: `${title}\n${text}` }],
    at: T0,
    archived: false,
    ...options,
  };
}

/** Filler tickets so that idf behaves as on a real board (words present in few entries). */
function withFiller(index: SearchIndex, count = 40): SearchIndex {
  for (let i = 0; i < count; i++) index.upsert(ticket(`filler${i}`, `Tarefa de rotina ${i}`, 'Revisar arquivos e enviar ao cliente.'));
  return index;
}

function keys(index: SearchIndex, q: string, extra: { archived?: boolean; boards?: BoardId[]; boardId?: BoardId } = {}): string[] {
  return index
    .query({ q, boards: new Set(extra.boards ?? [BOARD]), agencyWide: true, limit: 50, archived: extra.archived ?? false, boardId: extra.boardId ?? null })
    .hits.map((h) => h.entry.key);
}

describe('SearchIndex ranking', () => {
  it('puts a ticket whose title has the word above a comment that has it', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(comment('c1', 't2', 'Precisamos do logotipo em alta resolução'));
    index.upsert(ticket('t1', 'Logotipo da padaria'));
    index.upsert(ticket('t2', 'Banner de verão'));
    expect(keys(index, 'logotipo')).toEqual([ticketEntryKey(BOARD, 't1' as TicketId), `c:${BOARD}/t2/c1`]);
  });

  it('ranks title > summary/description > comment > document for the same word', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(document('d1', 'Contrato', 'cardápio novo'));
    index.upsert(comment('c1', 'tx', 'o cardápio novo chegou'));
    index.upsert(ticket('tb', 'Pedido da padaria', 'Atualizar o cardápio novo'));
    index.upsert(ticket('tt', 'Cardápio novo', 'Pedido da padaria'));
    expect(keys(index, 'cardápio')).toEqual([ticketEntryKey(BOARD, 'tt' as TicketId), ticketEntryKey(BOARD, 'tb' as TicketId), `c:${BOARD}/tx/c1`, 'd:d1']);
  });

  it('puts entries with every word above entries with some, even when those score higher', () => {
    const index = withFiller(new SearchIndex());
    // One word, in a title, repeated: by score alone it wins over a long document with both words once.
    index.upsert(ticket('some', 'Legenda das fotos', 'legenda, legenda e mais legenda'));
    index.upsert(document('all', 'Ata da reunião', `${'assunto geral da pauta '.repeat(15)} vídeo com legenda`));
    const answer = index.query({ q: 'video legenda', boards: new Set([BOARD]), agencyWide: true, limit: 5 });
    expect(answer.hits.map((h) => h.entry.key)).toEqual(['d:all', ticketEntryKey(BOARD, 'some' as TicketId)]);
    expect(answer.hits[1]!.score).toBeGreaterThan(answer.hits[0]!.score);
  });

  it('ignores accents and case on both sides', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(ticket('a', 'Campanha de AÇÃO de graças'));
    index.upsert(ticket('b', 'Reuniao sem acento'));
    expect(keys(index, 'acao')).toEqual([ticketEntryKey(BOARD, 'a' as TicketId)]);
    expect(keys(index, 'REUNIÃO ')).toEqual([ticketEntryKey(BOARD, 'b' as TicketId)]);
  });

  it('finds plurals by the singular and the other way round', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(ticket('a', 'Imagens para as ações de março'));
    expect(keys(index, 'imagem ')).toEqual([ticketEntryKey(BOARD, 'a' as TicketId)]);
    expect(keys(index, 'ação ')).toEqual([ticketEntryKey(BOARD, 'a' as TicketId)]);
  });

  it('matches the word being typed as a prefix, and only the last one', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(ticket('a', 'Proposta comercial'));
    index.upsert(ticket('b', 'Propaganda de rádio'));
    expect(keys(index, 'propos').sort()).toEqual([ticketEntryKey(BOARD, 'a' as TicketId)]);
    expect(keys(index, 'prop').sort()).toEqual([ticketEntryKey(BOARD, 'a' as TicketId), ticketEntryKey(BOARD, 'b' as TicketId)].sort());
    // Once a space follows, the word is complete: no prefix.
    expect(keys(index, 'propos ')).toEqual([]);
    // An earlier word is never a prefix.
    expect(keys(index, 'propos comercial')).toEqual([ticketEntryKey(BOARD, 'a' as TicketId)]);
    expect(index.query({ q: 'propos comercial', boards: new Set([BOARD]), agencyWide: true, limit: 5 }).hits[0]?.matched).toBe(1);
  });

  it('ranks the exact word above its completions', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(ticket('long', 'Postagens da semana'));
    index.upsert(ticket('exact', 'Post da semana'));
    expect(keys(index, 'post')[0]).toBe(ticketEntryKey(BOARD, 'exact' as TicketId));
  });

  it('gives a bonus to words next to each other in the order typed', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(ticket('apart', 'Entrega', 'Revisar a landing antes da página de obrigado'));
    index.upsert(ticket('reversed', 'Entrega', 'Revisar a página landing antes da de obrigado'));
    // Same words and lengths: only "landing página" next to each other, in that order, differs.
    index.upsert(ticket('adjacent', 'Entrega', 'Revisar a landing página antes da de obrigado'));
    const found = keys(index, 'landing página');
    expect(found[0]).toBe(ticketEntryKey(BOARD, 'adjacent' as TicketId));
    expect(keys(index, 'página landing')[0]).toBe(ticketEntryKey(BOARD, 'reversed' as TicketId));
  });

  it('breaks ties by recency, newest first', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(ticket('old', 'Folder da feira', '', { at: T0 - 5 * DAY }));
    index.upsert(ticket('new', 'Folder da feira', '', { at: T0 }));
    index.upsert(ticket('mid', 'Folder da feira', '', { at: T0 - DAY }));
    expect(keys(index, 'folder')).toEqual(['new', 'mid', 'old'].map((id) => ticketEntryKey(BOARD, id as TicketId)));
  });

  it('finds ticket 123 by #123, and not by a ticket that merely mentions 123', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(ticket('n123', 'Cartão de visita', '', { ticketNumber: 123 }));
    index.upsert(ticket('n12', 'Outro cartão', 'ver item 123 da lista', { ticketNumber: 12 }));
    index.upsert(ticket('n1234', 'Mais um', '', { ticketNumber: 1234 }));
    expect(keys(index, '#123')).toEqual([ticketEntryKey(BOARD, 'n123' as TicketId)]);
    expect(keys(index, '123')).toEqual([ticketEntryKey(BOARD, 'n12' as TicketId)]);
    expect(keys(index, '#123 cartão')[0]).toBe(ticketEntryKey(BOARD, 'n123' as TicketId));
  });

  it('keeps Cyrillic searchable', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(ticket('ru', 'Новый баннер для клиента'));
    expect(keys(index, 'баннер')).toEqual([ticketEntryKey(BOARD, 'ru' as TicketId)]);
    expect(keys(index, 'БАНН')).toEqual([ticketEntryKey(BOARD, 'ru' as TicketId)]);
  });
});

describe('SearchIndex filters', () => {
  it('returns only the boards asked for, and entries of no board only agency-wide', () => {
    const index = new SearchIndex();
    index.upsert(ticket('mine', 'Relatório mensal'));
    index.upsert(ticket('theirs', 'Relatório mensal', '', { boardId: OTHER }));
    index.upsert(document('wide', 'Relatório mensal', '', { boardId: null }));
    expect(keys(index, 'relatorio')).toEqual(expect.arrayContaining([ticketEntryKey(BOARD, 'mine' as TicketId), 'd:wide']));
    expect(keys(index, 'relatorio')).not.toContain(ticketEntryKey(OTHER, 'theirs' as TicketId));
    expect(keys(index, 'relatorio', { boardId: BOARD })).toEqual([ticketEntryKey(BOARD, 'mine' as TicketId)]);
    expect(index.query({ q: 'relatorio', boards: new Set(), agencyWide: false, limit: 10 }).hits).toEqual([]);
  });

  it('leaves archived tickets, and what is on them, out unless asked', () => {
    const index = new SearchIndex();
    index.upsert(ticket('gone', 'Calendário antigo', '', { archived: true }));
    index.upsert(comment('c', 'gone', 'calendário aprovado'));
    index.upsert(document('doc', 'Calendário', '', { ticketId: 'gone' as TicketId }));
    index.upsert(document('shelved', 'Calendário guardado', '', { archived: true }));
    expect(keys(index, 'calendario')).toEqual([]);
    expect(keys(index, 'calendario', { archived: true })).toHaveLength(4);
  });

  it('pages with offset and limit, and counts the total', () => {
    const index = new SearchIndex();
    for (let i = 0; i < 30; i++) index.upsert(ticket(`t${i}`, `Arte ${i}`, '', { at: T0 + i }));
    const first = index.query({ q: 'arte', boards: new Set([BOARD]), agencyWide: true, limit: 10 });
    const second = index.query({ q: 'arte', boards: new Set([BOARD]), agencyWide: true, limit: 10, offset: 10 });
    expect(first.total).toBe(30);
    expect(first.hits.map((h) => h.entry.key)).toEqual(Array.from({ length: 10 }, (_, i) => ticketEntryKey(BOARD, `t${29 - i}` as TicketId)));
    expect(second.hits.map((h) => h.entry.key)).toEqual(Array.from({ length: 10 }, (_, i) => ticketEntryKey(BOARD, `t${19 - i}` as TicketId)));
  });
});

describe('SearchIndex updates', () => {
  it('finds an edited entry by its new words only', () => {
    const index = withFiller(new SearchIndex());
    index.upsert(ticket('a', 'Cartaz azul'));
    expect(index.upsert(ticket('a', 'Cartaz azul'))).toBe(false);
    expect(index.upsert(ticket('a', 'Cartaz verde'))).toBe(true);
    expect(keys(index, 'azul')).toEqual([]);
    expect(keys(index, 'verde')).toEqual([ticketEntryKey(BOARD, 'a' as TicketId)]);
    expect(index.remove(ticketEntryKey(BOARD, 'a' as TicketId))).toBe(true);
    expect(keys(index, 'verde')).toEqual([]);
    expect(index.size).toBe(40);
  });

  it('stays exact through many edits (postings compacted, ids reused)', () => {
    const index = new SearchIndex();
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = ['alfa', 'bravo', 'charlie', 'delta', 'eco', 'foxtrot'];
    const truth = new Map<string, string>();
    for (let round = 0; round < 2_000; round++) {
      const id = `t${random(50)}`;
      if (random(5) === 0) {
        index.remove(ticketEntryKey(BOARD, id as TicketId));
        truth.delete(id);
      } else {
        const title = `${words[random(6)]} ${words[random(6)]}`;
        index.upsert(ticket(id, title));
        truth.set(id, title);
      }
    }
    for (const word of words) {
      const expected = [...truth].filter(([, title]) => title.split(' ').includes(word)).map(([id]) => ticketEntryKey(BOARD, id as TicketId));
      expect(keys(index, `${word} `).sort()).toEqual(expected.sort());
    }
    expect(index.size).toBe(truth.size);
  });

  it('shows a comment with its ticket’s current title and number', () => {
    const index = new SearchIndex();
    index.upsert(ticket('t', 'Primeiro título', '', { ticketNumber: 9 }));
    index.upsert(comment('c', 't', 'aprovado pelo cliente'));
    index.upsert(ticket('t', 'Título novo', '', { ticketNumber: 9 }));
    const [hit] = index.query({ q: 'aprovado', boards: new Set([BOARD]), agencyWide: true, limit: 5 }).hits;
    expect(hit?.title.text).toBe('Título novo');
    expect(hit?.ticketNumber).toBe(9);
  });
});

describe('snippets', () => {
  it('marks the matched words as ranges of the text shown', () => {
    const index = new SearchIndex();
    index.upsert(ticket('t', 'Reunião de briefing', 'Levar as AÇÕES do trimestre e o briefing impresso.'));
    const [hit] = index.query({ q: 'briefing acoes', boards: new Set([BOARD]), agencyWide: true, limit: 5 }).hits;
    const shown = (m: { text: string; marks: { start: number; end: number }[] }) => m.marks.map((r) => m.text.slice(r.start, r.end));
    expect(shown(hit!.title)).toEqual(['briefing']);
    expect(shown(hit!.snippet)).toEqual(['AÇÕES', 'briefing']);
  });

  it('cuts a long text around the first match, at word boundaries', () => {
    const text = `${'palavra '.repeat(40)}alvo encontrado ${'depois '.repeat(60)}`;
    const excerpt = markedExcerpt(text, new Set(['alvo']));
    expect(excerpt.text.startsWith('…palavra')).toBe(true);
    expect(excerpt.text.endsWith('…')).toBe(true);
    expect(excerpt.text.length).toBeLessThanOrEqual(202);
    expect(excerpt.marks.map((m) => excerpt.text.slice(m.start, m.end))).toEqual(['alvo']);
  });
});
