import { describe, expect, it } from 'vitest';
import { applySplice, spliceAtCaret } from './textSplice';

describe('spliceAtCaret', () => {
  it('places an insertion inside a run of equal characters at the caret', () => {
    expect(spliceAtCaret('aa', 'aaa', 1)).toEqual({ index: 0, deleteCount: 0, insert: 'a' });
    expect(spliceAtCaret('aa', 'aaa', 2)).toEqual({ index: 1, deleteCount: 0, insert: 'a' });
    expect(spliceAtCaret('aa', 'aaa', 3)).toEqual({ index: 2, deleteCount: 0, insert: 'a' });
  });

  it('places a deletion inside a run at the caret', () => {
    expect(spliceAtCaret('abbbc', 'abbc', 1)).toEqual({ index: 1, deleteCount: 1, insert: '' });
    expect(spliceAtCaret('abbbc', 'abbc', 3)).toEqual({ index: 3, deleteCount: 1, insert: '' });
  });

  it('reads a paste over a selection as one replacement', () => {
    expect(spliceAtCaret('Banner azul', 'Banner verde', 12)).toEqual({ index: 7, deleteCount: 4, insert: 'verde' });
  });

  it('falls back to the smallest diff without a usable caret', () => {
    expect(spliceAtCaret('aa', 'aaa', null)).toEqual({ index: 2, deleteCount: 0, insert: 'a' });
    expect(spliceAtCaret('aa', 'aaa', 9)).toEqual({ index: 2, deleteCount: 0, insert: 'a' });
  });

  it('never cuts a surrogate pair', () => {
    const splice = spliceAtCaret('x😀', 'x😃', 3);
    expect(splice).toEqual({ index: 1, deleteCount: 2, insert: '😃' });
  });

  it('always reproduces the new text', () => {
    const cases: [string, string, number][] = [
      ['', 'abc', 3],
      ['abc', '', 0],
      ['hello world', 'hello brave world', 12],
      ['aaaa', 'aa', 1],
      ['ação', 'açãoo', 5],
    ];
    for (const [current, next, caret] of cases) expect(applySplice(current, spliceAtCaret(current, next, caret))).toBe(next);
  });
});
