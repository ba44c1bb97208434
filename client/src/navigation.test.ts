import { describe, expect, it } from 'vitest';
import { HOME_PATH, loginPathFor, safeNextPath } from './navigation';

describe('safeNextPath', () => {
  it('keeps same-origin paths', () => {
    expect(safeNextPath('/boards/b1')).toBe('/boards/b1');
    expect(safeNextPath(['/boards/b2', '/x'])).toBe('/boards/b2');
  });

  it('refuses anything that could leave the origin or loop back to the login', () => {
    for (const raw of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'boards',
      '/login?next=/x',
      undefined,
      // Browsers strip tabs and line breaks from URLs, so these are `//evil.example`.
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/./login',
    ]) {
      expect(safeNextPath(raw)).toBe(HOME_PATH);
    }
  });
});

describe('loginPathFor', () => {
  it('remembers where the visitor was going', () => {
    expect(loginPathFor('/boards/b1?x=1')).toBe('/login?next=%2Fboards%2Fb1%3Fx%3D1');
    expect(loginPathFor('/')).toBe('/login');
  });
});
