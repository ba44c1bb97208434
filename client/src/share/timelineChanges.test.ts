import type { CommentId } from '@fluxo/shared/conversation/comment';
import type { ShareComment, ShareTicket, ShareTimeline } from '@fluxo/shared/share/timeline';
import { describe, expect, it } from 'vitest';
import { timelineChanges } from './timelineChanges';

const ticket = (id: string, fields: Partial<ShareTicket> = {}) =>
  ({
    id,
    number: 1,
    title: `T ${id}`,
    summary: '',
    stage: 'analysis',
    status: 'open',
    openedAt: '2025-03-01T10:00:00.000Z',
    dueDate: null,
    deliveredAt: null,
    closedAt: null,
    steps: [],
    comments: [],
    ...fields,
  }) as ShareTicket;

const message = (id: string, kind: 'agency' | 'client'): ShareComment => ({
  id: id as CommentId,
  parentId: null,
  author: kind === 'agency' ? { kind, name: 'Ana' } : { kind, name: null },
  body: 'oi',
  createdAt: '2025-03-01T10:00:00.000Z',
  editedAt: null,
});

const timeline = (tickets: ShareTicket[]) =>
  ({ agencyName: 'A', client: { id: 'ClientPadaria001', name: 'P' }, scope: 'view', expiresAt: '2099-01-01T00:00:00.000Z', tickets }) as ShareTimeline;

describe('timelineChanges', () => {
  it('names new tickets, moves (stage or status) and the agency’s new messages', () => {
    const before = timeline([ticket('a'), ticket('b'), ticket('c', { comments: [message('m1', 'agency')] })]);
    const after = timeline([
      ticket('n'),
      ticket('a', { stage: 'planning' }),
      ticket('b', { status: 'waiting_client' }),
      ticket('c', { comments: [message('m1', 'agency'), message('m2', 'agency')] }),
    ]);
    expect(timelineChanges(before, after)).toEqual([
      { kind: 'added', title: 'T n' },
      { kind: 'moved', title: 'T a', stage: 'planning', status: 'open' },
      { kind: 'moved', title: 'T b', stage: 'analysis', status: 'waiting_client' },
      { kind: 'message', title: 'T c' },
    ]);
  });

  it('does not announce the client’s own message, a new summary, or a ticket that left', () => {
    const before = timeline([ticket('a'), ticket('gone')]);
    const after = timeline([ticket('a', { summary: 'novo', comments: [message('m1', 'client')] })]);
    expect(timelineChanges(before, after)).toEqual([]);
  });
});
