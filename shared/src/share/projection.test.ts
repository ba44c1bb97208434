import { describe, expect, it } from 'vitest';
import type { Ticket } from '../board/ticket.js';
import type { CommentId } from '../conversation/comment.js';
import type { HistoryEntry, HistoryEntryId } from '../history/historyEntry.js';
import type { BoardId, ClientId, TicketId, UserId } from '../ids.js';
import { type ProjectableComment, plainMentions, shareTicket, shareTimeline } from './projection.js';
import { shareTimelineSchema } from './timeline.js';

const ANA = 'AnaAtendimento01' as UserId;
const PAULO = 'PauloProducao001' as UserId;
const CLIENT = 'ClientPadaria001' as ClientId;
const OTHER = 'ClientLojaAzul01' as ClientId;
const names = { agencyName: 'Agência Ponto Criativo', staffName: (id: UserId) => (id === ANA ? 'Ana' : id === PAULO ? 'Paulo' : null) };

function ticket(fields: Partial<Ticket> = {}): Ticket {
  return {
    id: 'TicketBanner0001' as TicketId,
    number: 7,
    createdAt: '2025-03-01T10:00:00.000Z',
    createdBy: ANA,
    channel: 'email',
    clientId: CLIENT,
    kind: 'banner',
    stage: 'delivery',
    rank: 'a0:TicketBanner0001',
    status: 'done',
    dueDate: '2025-03-20',
    archived: false,
    title: 'Banner',
    summary: 'Resumo para o cliente',
    description: 'SEGREDO interno',
    steps: [{ step: 'design', done: true }],
    assignees: [PAULO],
    ...fields,
  } as Ticket;
}

let n = 0;
function entry(fields: Record<string, unknown>): HistoryEntry {
  n++;
  return { id: `Entry${String(n).padStart(11, '0')}` as HistoryEntryId, boardId: 'BoardFluxoDemo01' as BoardId, ticketId: 'TicketBanner0001' as TicketId, ticketNumber: 7, author: ANA, ...fields } as HistoryEntry;
}

function comment(fields: Partial<ProjectableComment>): ProjectableComment {
  return { id: 'Comment000000001' as CommentId, parentId: null, visibility: 'client', author: { kind: 'staff', userId: ANA }, body: 'Oi', createdAt: '2025-03-02T10:00:00.000Z', editedAt: null, deleted: false, ...fields };
}

describe('client projection', () => {
  it('tells delivery and closing from the history, the last time each happened', () => {
    const history = [
      entry({ kind: 'created', at: '2025-03-01T10:00:00.000Z', stage: 'triage', status: 'open', channel: 'email', clientId: CLIENT }),
      entry({ kind: 'handoff', at: '2025-03-05T10:00:00.000Z', to: [ANA] }),
      entry({ kind: 'moved', at: '2025-03-06T10:00:00.000Z', from: 'delivery', to: 'production' }),
      entry({ kind: 'handoff', at: '2025-03-08T10:00:00.000Z', to: [ANA] }),
      entry({ kind: 'assigned', at: '2025-03-08T11:00:00.000Z', userId: PAULO }),
      entry({ kind: 'status_changed', at: '2025-03-09T10:00:00.000Z', from: 'open', to: 'done' }),
    ];
    const shown = shareTicket(ticket(), history, [], names);
    expect(shown.deliveredAt).toBe('2025-03-08T10:00:00.000Z');
    expect(shown.closedAt).toBe('2025-03-09T10:00:00.000Z');
    expect(shown.steps.map((s) => s.kind)).toEqual(['opened', 'stage', 'stage', 'stage', 'status']);
    // Back in production: not delivered (any more).
    expect(shareTicket(ticket({ stage: 'production', status: 'open' }), history.slice(0, 3), [], names).deliveredAt).toBeNull();
  });

  it('keeps only client comments that exist, names staff by name, turns mentions into plain @Name', () => {
    const shown = shareTicket(
      ticket(),
      [],
      [
        comment({ id: 'Comment000000003' as CommentId, createdAt: '2025-03-03T10:00:00.000Z', body: `Fale com <@${PAULO}> ou <@Unknown000000001>` }),
        comment({ id: 'Comment000000002' as CommentId, visibility: 'internal', body: 'SEGREDO nota' }),
        comment({ id: 'Comment000000004' as CommentId, deleted: true, body: 'SEGREDO apagado' }),
        comment({ id: 'Comment000000001' as CommentId, author: { kind: 'client', email: 'marcia@padaria.com.br', name: 'Márcia' } }),
      ],
      names,
    );
    expect(shown.comments.map((c) => [c.id, c.author, c.body])).toEqual([
      ['Comment000000001', { kind: 'client', name: 'Márcia' }, 'Oi'],
      ['Comment000000003', { kind: 'agency', name: 'Ana' }, 'Fale com @Paulo ou @Agência Ponto Criativo'],
    ]);
    expect(plainMentions('`<@AnaAtendimento01>`', names)).toBe('`@Ana`');
  });

  it("builds the page from the client's tickets only, newest first, and nothing a strict schema would refuse", () => {
    const timeline = shareTimeline({
      agencyName: 'Agência',
      client: { id: CLIENT, name: 'Padaria' },
      scope: 'view',
      expiresAt: '2025-06-01T00:00:00.000Z',
      tickets: [
        ticket(),
        ticket({ id: 'TicketNewer00001' as TicketId, createdAt: '2025-03-05T10:00:00.000Z' }),
        ticket({ id: 'TicketArchived01' as TicketId, archived: true }),
        ticket({ id: 'TicketOther00001' as TicketId, clientId: OTHER }),
      ],
      historyOf: () => [],
      commentsOf: () => [],
      names,
    });
    expect(timeline.tickets.map((t) => t.id)).toEqual(['TicketNewer00001', 'TicketBanner0001']);
    expect(shareTimelineSchema.parse(timeline)).toEqual(timeline);
    expect(JSON.stringify(timeline)).not.toMatch(/SEGREDO|PauloProducao001|AnaAtendimento01|TicketOther|TicketArchived/);
  });
});
