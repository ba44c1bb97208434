import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './clientAddress.js';

function request(headers: Record<string, string>, remoteAddress = '10.0.0.5'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
  it('is the TCP peer unless the proxy is trusted', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '203.0.113.9' }), false)).toBe('10.0.0.5');
  });

  it('behind a trusted proxy, is the last forwarded hop (the one the proxy added)', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '1.2.3.4, 203.0.113.9' }), true)).toBe('203.0.113.9');
    expect(clientAddress(request({ 'x-forwarded-for': 'garbage' }), true)).toBe('10.0.0.5');
    expect(clientAddress(request({}), true)).toBe('10.0.0.5');
  });
});
