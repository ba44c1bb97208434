/**
 * XSS in Chromium (issue 6): the demo clinic's contact asks for something new from her share
 * page with a title and details made of script payloads, and answers on it with more. Each
 * payload would set `window.__xss` if it ran. Her page and Ana's board and drawer show the
 * words, and nothing ran: `window.__xss` unset, no dialog, no `securitypolicyviolation` (a
 * violation would mean markup got through and only the CSP stopped it).
 *
 * Also the built pages as the server sends them: the CSP header allows only our own scripts,
 * and the HTML (`client/dist/index.html`, `share.html`) holds no inline script or handler.
 */
import { randomBytes } from 'node:crypto';
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, clientPhoneContext, demoClientSharePath } from '../support/browserSuite.js';
import { ANA, SEEN_WITHIN, boardShown, card, openBoard as openBoardAt, seeIn } from '../support/staffBoard.js';

const CLINIC = 'Clínica Sorriso';
const TITLE_PAYLOAD = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script><svg onload="window.__xss=1"></svg>`;
const DETAILS_PAYLOAD = [
  '"><iframe src="javascript:window.top.__xss=1"></iframe>',
  '</textarea><img src=x onerror=window.__xss=1>',
  '{{constructor.constructor("window.__xss=1")()}} ${window.__xss=1}',
].join('\n');
const REPLY_PAYLOAD = '[clique](javascript:window.__xss=1) <img src=x onerror="window.__xss=1"> **negrito**';

const suite = browserSuite();

interface Watched {
  readonly dialogs: string[];
}

/** Records dialogs, and (in the page) CSP violations in `window.__cspViolations`. */
async function watch(context: BrowserContext, page: Page): Promise<Watched> {
  await context.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      w.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample}`);
    });
  });
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { dialogs };
}

/** Nothing of the payloads ran on `page`, and nothing needed the CSP to stop it. */
async function expectInert(page: Page, watched: Watched): Promise<void> {
  const state = await page.evaluate(() => {
    const w = window as unknown as { __xss?: unknown; __cspViolations?: string[] };
    return { xss: w.__xss ?? null, violations: w.__cspViolations ?? null };
  });
  expect(state).toEqual({ xss: null, violations: [] });
  expect(watched.dialogs).toEqual([]);
}

const printedSharePath = (): string => demoClientSharePath(suite.server);

describe('XSS in Chromium', () => {
  it('a client’s payloads stay words on her page, on the board and in the drawer; nothing runs', async () => {
    const suffix = randomBytes(4).toString('hex');
    const title = `${TITLE_PAYLOAD} ${suffix}`;

    const clientContext = await clientPhoneContext(suite);
    const clientPage = await clientContext.newPage();
    const clientWatch = await watch(clientContext, clientPage);
    await clientPage.goto(`${suite.server.url}${printedSharePath()}`);
    await clientPage.getByRole('heading', { name: `Acompanhamento de ${CLINIC}`, level: 1 }).waitFor();

    const request = clientPage.getByRole('region', { name: 'Novo pedido' });
    await request.getByLabel('O que você precisa?').fill(title);
    await request.getByLabel('Detalhes (opcional)').fill(DETAILS_PAYLOAD);
    await request.getByRole('button', { name: 'Enviar pedido' }).click();
    const ticket = clientPage.getByRole('article', { name: title, exact: true });
    await ticket.waitFor({ timeout: SEEN_WITHIN });
    await ticket.getByRole('textbox', { name: 'Sua mensagem para a agência' }).fill(REPLY_PAYLOAD);
    await ticket.getByRole('button', { name: 'Enviar mensagem' }).click();
    await ticket.locator('.comment-body strong', { hasText: 'negrito' }).waitFor({ timeout: SEEN_WITHIN });
    expect(await ticket.getByRole('heading', { level: 2 }).textContent()).toBe(title);
    expect(await ticket.locator('.comment-body a').count()).toBe(0);
    await expectInert(clientPage, clientWatch);

    // Ana: the card on the board, then the drawer with the details and the client's message.
    const ana = await openBoardAt(suite, suite.server.url, ANA);
    const anaWatch = await watch(ana.context(), ana);
    // The watch starts with the next page load.
    await ana.reload();
    await boardShown(ana);
    await seeIn(ana, 'Triagem', title);
    const onBoard = card(ana, 'Triagem', title);
    expect(await onBoard.locator('.ticket-card__title').textContent()).toBe(title);
    await onBoard.locator('.ticket-card__title').click();
    const drawer = ana.getByRole('dialog');
    await drawer.getByRole('heading', { name: title }).waitFor();
    await drawer.getByRole('region', { name: 'Conversa' }).locator('.comment-body strong', { hasText: 'negrito' }).waitFor({ timeout: SEEN_WITHIN });
    expect(await drawer.getByLabel('Título').inputValue()).toBe(title);
    // The details land in the ticket's texts as typed.
    const texts = await Promise.all(['Resumo para o cliente', 'Descrição interna'].map((label) => drawer.getByLabel(label, { exact: true }).inputValue()));
    expect(texts.join('\n')).toContain(DETAILS_PAYLOAD);
    await expectInert(ana, anaWatch);
    await expectInert(clientPage, clientWatch);
  });

  it('serves the built pages with a CSP that allows only our own scripts, and no inline script in them', async () => {
    for (const path of ['/', '/login', printedSharePath()]) {
      const response = await fetch(`${suite.server.url}${path}`);
      expect(response.status, path).toBe(200);
      const policy = response.headers.get('content-security-policy') ?? '';
      const scriptSrc = /(?:^|;)\s*script-src\s+([^;]*)/.exec(policy)?.[1]?.trim();
      expect(scriptSrc, path).toBe("'self'");
      const html = await response.text();
      expect(html, path).toMatch(/<script\b[^>]*\bsrc=/);
      // Every <script> loads a file and holds nothing; no element carries a handler.
      expect([...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attributes = '', body = '']) => !/\bsrc=/.test(attributes) || body.trim() !== ''), path).toEqual([]);
      expect(html, path).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
    }
  });
});
