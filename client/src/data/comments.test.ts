import type { CommentId, CommentView } from '@fluxo/shared/conversation/comment';
import type { BoardId, TicketId, UserId } from '@fluxo/shared/ids';
import { describe, expect, it } from 'vitest';
import { laterCursor, mergeComment } from './comments';

const author = { kind: 'staff' as const, userId: 'AnaAtendimento01' as UserId, name: 'Ana' };
function comment(id: string, createdAt: string, fields: Partial<CommentView> = {}): CommentView {
  return {
    id: id.padEnd(16, '0') as CommentId,
    boardId: 'BoardFluxoDemo01' as BoardId,
    ticketId: 'Ticket0000000001' as TicketId,
    parentId: null,
    visibility: 'internal',
    source: 'app',
    author,
    body: id,
    mentions: [],
    createdAt,
    editedAt: null,
    deletedAt: null,
    deletedBy: null,
    revision: 1,
    revisions: [{ body: id, at: createdAt, by: author }],
    ...fields,
  };
}

describe('mergeComment', () => {
  const a = comment('a', '2025-01-01T10:00:00.000Z');
  const b = comment('b', '2025-01-01T11:00:00.000Z');
  const c = comment('c', '2025-01-01T12:00:00.000Z');

  it('adds a comment in creation order', () => {
    expect(mergeComment([a, c], b).map((x) => x.body)).toEqual(['a', 'b', 'c']);
    expect(mergeComment([a, b], c).map((x) => x.body)).toEqual(['a', 'b', 'c']);
    expect(mergeComment([b, c], a).map((x) => x.body)).toEqual(['a', 'b', 'c']);
  });

  it('replaces with a newer version, never with an older one, and a deletion is final', () => {
    const edited = { ...b, body: 'b2', revision: 2 };
    const list = mergeComment([a, b, c], edited);
    expect(list.map((x) => x.body)).toEqual(['a', 'b2', 'c']);
    expect(mergeComment(list, b)).toBe(list);
    const deleted = { ...edited, body: null, deletedAt: '2025-01-01T13:00:00.000Z' };
    const afterDelete = mergeComment(list, deleted);
    expect(afterDelete[1]?.deletedAt).not.toBeNull();
    expect(mergeComment(afterDelete, edited)).toBe(afterDelete);
    // The same version again (the stream echoing a mutation's answer) changes nothing visible.
    expect(mergeComment(afterDelete, deleted)[1]).toBe(deleted);
  });
});

describe('laterCursor', () => {
  it('compares as numbers, not strings', () => {
    expect(laterCursor('9', '10')).toBe('10');
    expect(laterCursor('100', '99')).toBe('100');
  });
});
