// @vitest-environment jsdom
/**
 * The unsubscribe page (`unsubscribePage.ts`) is HTML the server writes itself, with the
 * agency's name in it. Every payload of the XSS corpus (`@fluxo/shared/testing/xssCorpus`) that
 * fits an agency name (200 characters) as an agency's name, over real HTTP, GET (the confirm
 * page with its form) and POST (done): held to the plain-text checker
 * (`@fluxo/shared/testing/inertText`) against the page of an agency named by a marker, the name
 * shown as written (blanks as the HTML reflows them).
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newAgencyId } from '@fluxo/shared/ids';
import { type DomRoot, type SurfaceShape, inertTextViolations, parsedHtmlText, surfaceShape } from '@fluxo/shared/testing/inertText';
import { payloadsFitting } from '@fluxo/shared/testing/xssCorpus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../store/memoryStore.js';
import type { Store } from '../store/store.js';
import { createUnsubscribeHandler } from './unsubscribePage.js';

const MARKER = 'marcador';
const NAMES = payloadsFitting(200);

let store: Store;
let server: Server;
let origin: string;

beforeAll(async () => {
  store = createMemoryStore();
  const handler = createUnsubscribeHandler({ store });
  server = createServer((req, res) => {
    const token = /^\/unsubscribe\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '';
    void handler(req, res, token);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** An agency named `name`, and an unsubscribe token of one of its recipients. */
async function tokenOf(name: string): Promise<string> {
  const agencyId = newAgencyId();
  await store.agencies.create({ id: agencyId, name, createdAt: new Date().toISOString() });
  return (await store.mail.recipient(agencyId, 'cliente@cliente.test', new Date())).unsubscribeToken;
}

function parseHtml(html: string): DomRoot {
  const Parser = (globalThis as unknown as { DOMParser: new () => { parseFromString(html: string, type: 'text/html'): { documentElement: DomRoot } } }).DOMParser;
  return new Parser().parseFromString(html, 'text/html').documentElement;
}

async function page(token: string, method: 'GET' | 'POST'): Promise<DomRoot> {
  const response = await fetch(`${origin}/unsubscribe/${token}`, {
    method,
    ...(method === 'POST' ? { body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } } : {}),
  });
  expect(response.status).toBe(200);
  return parseHtml(await response.text());
}

const blanks = (text: string): string => text.replace(/\s+/g, ' ').trim();

describe('the unsubscribe page: the XSS corpus as the agency’s name', () => {
  it('shows every name as text, on the confirm page and the done page', async () => {
    const marker = await tokenOf(MARKER);
    const baseline: Record<'GET' | 'POST', SurfaceShape> = {
      GET: surfaceShape(await page(marker, 'GET')),
      POST: surfaceShape(await page(marker, 'POST')),
    };
    expect(baseline.GET.elements.has('form')).toBe(true);
    for (const name of NAMES) {
      const token = await tokenOf(name);
      for (const method of ['GET', 'POST'] as const) {
        const found = inertTextViolations(baseline[method], await page(token, method), {
          expectTexts: [blanks(parsedHtmlText(name))],
          normalize: blanks,
        });
        expect(found, `${method} ${JSON.stringify(name)}`).toEqual([]);
      }
    }
  });
});
