import type { NotificationView } from '@fluxo/shared/conversation/notification';
import { describe, expect, it } from 'vitest';
import { mergeNotification } from './notifications';

function notification(id: string, createdAt: string, readAt: string | null = null): NotificationView {
  return {
    id: id.padEnd(16, '0'),
    kind: 'assigned',
    boardId: 'BoardFluxoDemo01',
    ticketId: 'Ticket0000000001',
    ticketNumber: 1,
    ticketTitle: 'Banner',
    clientName: null,
    actor: { kind: 'system' },
    commentId: null,
    excerpt: null,
    createdAt,
    readAt,
  } as NotificationView;
}

describe('mergeNotification', () => {
  const a = notification('a', '2025-01-01T12:00:00.000Z');
  const b = notification('b', '2025-01-01T11:00:00.000Z');

  it('inserts newest first', () => {
    const c = notification('c', '2025-01-01T11:30:00.000Z');
    expect(mergeNotification([a, b], c).map((n) => n.id[0])).toEqual(['a', 'c', 'b']);
    expect(mergeNotification([b], a).map((n) => n.id[0])).toEqual(['a', 'b']);
  });

  it('replaces a changed notification in place, and never brings back an unread mark cleared here', () => {
    const readHere = { ...a, readAt: '2025-01-01T12:05:00.000Z' };
    expect(mergeNotification([readHere, b], a)[0]?.readAt).toBe('2025-01-01T12:05:00.000Z');
    const readElsewhere = { ...b, readAt: '2025-01-01T12:06:00.000Z' };
    expect(mergeNotification([a, b], readElsewhere)).toEqual([a, readElsewhere]);
  });
});
