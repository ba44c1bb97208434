import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './requestOrigin.js';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers, socket: { remoteAddress: '10.0.0.5' } } as unknown as IncomingMessage;
}

describe('isSameOrigin', () => {
  const publicUrl = 'https://fluxo.agencia.com.br';
  it('accepts no Origin, the public URL, or the host the request was sent to', () => {
    expect(isSameOrigin(request({ host: 'fluxo.agencia.com.br' }), publicUrl)).toBe(true);
    expect(isSameOrigin(request({ origin: publicUrl, host: 'internal:3000' }), publicUrl)).toBe(true);
    expect(isSameOrigin(request({ origin: 'http://localhost:5173', host: 'localhost:5173' }), publicUrl)).toBe(true);
  });

  it('refuses other sites and opaque origins', () => {
    expect(isSameOrigin(request({ origin: 'https://evil.example', host: 'fluxo.agencia.com.br' }), publicUrl)).toBe(false);
    expect(isSameOrigin(request({ origin: 'null', host: 'fluxo.agencia.com.br' }), publicUrl)).toBe(false);
    expect(isSameOrigin(request({ origin: 'https://fluxo.agencia.com.br.evil.example' }), publicUrl)).toBe(false);
  });

  it('refuses what the browser labels cross-site (Sec-Fetch-Site), with or without Origin', () => {
    expect(isSameOrigin(request({ 'sec-fetch-site': 'cross-site', host: 'fluxo.agencia.com.br' }), publicUrl)).toBe(false);
    expect(isSameOrigin(request({ 'sec-fetch-site': 'cross-site', origin: publicUrl }), publicUrl)).toBe(false);
    expect(isSameOrigin(request({ 'sec-fetch-site': 'same-origin', origin: publicUrl }), publicUrl)).toBe(true);
    expect(isSameOrigin(request({ 'sec-fetch-site': 'none', host: 'fluxo.agencia.com.br' }), publicUrl)).toBe(true);
  });
});
