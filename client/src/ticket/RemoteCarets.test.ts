import { describe, expect, it } from 'vitest';
import { caretPieces } from './RemoteCarets';

const paulo = { clientId: 2, name: 'Paulo', color: '#1971c2' };
const dora = { clientId: 3, name: 'Dora', color: '#2f9e44' };

describe('caretPieces', () => {
  it('puts a caret mark at each head and shades selections', () => {
    expect(caretPieces('Banner azul', [{ ...paulo, anchor: 6, head: 6 }])).toEqual([
      { kind: 'text', text: 'Banner' },
      { kind: 'caret', name: 'Paulo', color: '#1971c2' },
      { kind: 'text', text: ' azul' },
    ]);
    expect(caretPieces('Banner azul', [{ ...dora, anchor: 11, head: 7 }])).toEqual([
      { kind: 'text', text: 'Banner ' },
      { kind: 'caret', name: 'Dora', color: '#2f9e44' },
      { kind: 'selected', text: 'azul', color: '#2f9e44' },
    ]);
  });

  it('keeps the text whole and clamps positions beyond it', () => {
    const pieces = caretPieces('abc', [
      { ...paulo, anchor: 1, head: 2 },
      { ...dora, anchor: 9, head: 9 },
    ]);
    expect(pieces.map((p) => ('text' in p ? p.text : '|')).join('')).toBe('ab|c|');
  });
});
