import { describe, expect, it } from 'vitest';
import { safeSegments } from './staticSite.js';

describe('safeSegments', () => {
  it('decodes plain names', () => {
    expect(safeSegments('/')).toEqual([]);
    expect(safeSegments('/assets/app-1.js')).toEqual(['assets', 'app-1.js']);
    expect(safeSegments('/share/Ol%C3%A1')).toEqual(['share', 'Olá']);
  });

  it.each(['/../x', '/a/%2e%2e/x', '/a%2fb', '/a%5cb', '/.env', '/%2egit/config', '/a%00', '/%E0%A4%A'])(
    'refuses %s',
    (path) => {
      expect(safeSegments(path)).toBeNull();
    },
  );
});
