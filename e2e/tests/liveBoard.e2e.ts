/**
 * The live board (issue 3) as two people use it at once, in pt-BR: Ana (atendimento, the
 * account manager of the demo clients) and Paulo (produção), each in their own Chromium context
 * against one real server.
 *
 * Each test works on demo tickets no other test touches (or on tickets it creates itself), so
 * the tests do not depend on each other's results — only on the demo board as `FLUXO_DEMO=1`
 * seeds it (server/src/demo/demoBoard.ts).
 *
 * Nothing here sleeps to let things happen: every step waits for what a person would see
 * (a card in a column, a badge, the save state), with bounded timeouts.
 */
import type { Locator, Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { browserSuite } from '../support/browserSuite.js';
import {
  ANA,
  PAULO,
  SEEN_WITHIN,
  boardShown,
  card,
  column,
  moveWithMenu,
  openBoard as openBoardAt,
  seeIn,
  settleScroll,
  syncStateIs,
} from '../support/staffBoard.js';
import { type TcpProxy, startTcpProxy } from '../support/tcpProxy.js';

const suite = browserSuite();
const proxies: TcpProxy[] = [];

afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});

// ---- how a person finds things on the board (more in support/staffBoard.ts) ----------------------

/** A new context signed in as `email`, on the board, through `origin` (the server or a proxy to it). */
const openBoard = (email: string, origin: string = suite.server.url): Promise<Page> => openBoardAt(suite, origin, email);

const isFocused = (locator: Locator): Promise<boolean> => locator.evaluate((element) => element === document.activeElement);

/** Presses Tab (or Shift+Tab) until `target` has the focus — how a keyboard user gets there. */
async function tabTo(page: Page, target: Locator, direction: 'forward' | 'backward' = 'forward'): Promise<void> {
  await target.waitFor();
  for (let presses = 0; presses < 80; presses++) {
    if (await isFocused(target)) return settleScroll(page);
    await page.keyboard.press(direction === 'forward' ? 'Tab' : 'Shift+Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

/** A pointer drag, in small steps as a hand makes it (the drag library needs real moves). */
async function dragWithMouse(page: Page, source: Locator, target: Locator, whileOver?: () => Promise<void>): Promise<void> {
  await source.scrollIntoViewIfNeeded();
  await settleScroll(page);
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (from === null || to === null) throw new Error('drag source or target is not on screen');
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 12, start.y + 6, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
  await whileOver?.();
  await page.mouse.up();
}

// ---- the stories -------------------------------------------------------------------------------

describe('live board in Chromium, two people at once', () => {
  it('hands a ticket back to atendimento with one pointer drag; Ana sees it, the badge and the history', async () => {
    const title = 'Landing page do novo tratamento de clareamento';
    const [ana, paulo] = await Promise.all([openBoard(ANA), openBoard(PAULO)]);
    await seeIn(ana, 'Produção', title);

    // Paulo drags the card from Produção onto the Entrega column; while he holds it, Ana sees
    // who is moving it, and Paulo's screen reader says where it is.
    const source = card(paulo, 'Produção', title).getByText(title);
    const target = column(paulo, 'Entrega').getByRole('heading', { name: 'Entrega' });
    await dragWithMouse(paulo, source, target, async () => {
      await card(ana, 'Produção', title).getByText('Paulo está movendo este ticket').waitFor({ timeout: SEEN_WITHIN });
      await paulo.getByText(/^Sobre .*Entrega\.$/).waitFor({ timeout: SEEN_WITHIN });
    });
    await seeIn(paulo, 'Entrega', title);
    await syncStateIs(paulo, 'Salvo');

    // Ana sees it arrive without reloading, then — once the witness has recorded the handoff —
    // the "handed back to you" badge (the board asks for its marks again after Entrega changes).
    await seeIn(ana, 'Entrega', title);
    const arrived = card(ana, 'Entrega', title);
    await arrived.getByText('Devolvido para você').waitFor({ timeout: SEEN_WITHIN });
    await card(ana, 'Entrega', title).getByText('Paulo está movendo este ticket').waitFor({ state: 'detached' });

    // The drawer's history names Paulo and the handoff; opening it acknowledges the badge.
    await arrived.getByText(title).click();
    const drawer = ana.getByRole('dialog');
    await drawer.getByRole('heading', { name: new RegExp(title) }).waitFor();
    await drawer
      .getByRole('listitem')
      .filter({ hasText: 'Paulo devolveu ao atendimento (Produção → Entrega)' })
      .waitFor({ timeout: SEEN_WITHIN });
    await arrived.getByText('Devolvido para você').waitFor({ state: 'detached', timeout: SEEN_WITHIN });
  });

  it('moves tickets with the keyboard only: the Mover… menu and a keyboard drag; skipping a stage is refused', async () => {
    const menuTitle = 'Post de boas-vindas para novos pacientes';
    const dragTitle = 'Cartaz da promoção de inverno';
    const [ana, paulo] = await Promise.all([openBoard(ANA), openBoard(PAULO)]);

    // The Mover… menu: Tab to the card, Tab to its button, Enter opens the menu on the first
    // stage it can go to.
    const post = card(ana, 'Triagem', menuTitle);
    await tabTo(ana, post);
    await ana.keyboard.press('Tab');
    const moveButton = post.getByRole('button', { name: 'Mover…', exact: true });
    expect(await isFocused(moveButton)).toBe(true);
    await ana.keyboard.press('Enter');
    const menu = ana.getByRole('menu', { name: 'Mover…' });
    await menu.waitFor();
    expect(await isFocused(menu.getByRole('menuitem', { name: 'Mover para Análise' }))).toBe(true);
    expect(await menu.getByRole('menuitem', { name: 'Triagem (etapa atual)' }).getAttribute('aria-disabled')).toBe('true');

    // Planejamento skips Análise: offered disabled with the reason, and refused when chosen.
    await ana.keyboard.press('ArrowDown');
    const planning = menu.getByRole('menuitem', { name: 'Mover para Planejamento' });
    expect(await isFocused(planning)).toBe(true);
    expect(await planning.getAttribute('aria-disabled')).toBe('true');
    const skipReason = 'Avance uma etapa por vez: Triagem → Planejamento pula etapas.';
    expect(await planning.evaluate((item) => item.textContent)).toContain(skipReason);
    await ana.keyboard.press('Enter');
    await ana.getByRole('alert').filter({ hasText: skipReason }).waitFor();
    await menu.waitFor({ state: 'detached' });
    expect(await isFocused(moveButton)).toBe(true);
    expect(await card(ana, 'Triagem', menuTitle).count()).toBe(1);

    // Enter again, Enter on "Mover para Análise": moved, and the focus follows the card.
    await ana.keyboard.press('Enter');
    await menu.waitFor();
    await ana.keyboard.press('Enter');
    await seeIn(ana, 'Análise', menuTitle);
    await expect.poll(() => isFocused(card(ana, 'Análise', menuTitle))).toBe(true);
    await seeIn(paulo, 'Análise', menuTitle);

    // A keyboard drag: back to the quick add, create a ticket, Tab to it, Space picks it up.
    await tabTo(ana, ana.getByLabel('Nova demanda na Triagem'), 'backward');
    await ana.keyboard.type(dragTitle);
    await ana.keyboard.press('Enter');
    const fresh = card(ana, 'Triagem', dragTitle);
    await tabTo(ana, fresh);
    await seeIn(paulo, 'Triagem', dragTitle);

    // Three columns to the right is Produção: refused, the card stays in Triagem with the focus.
    await ana.keyboard.press('Space');
    await ana.getByText(`“${dragTitle}” pego.`, { exact: false }).waitFor();
    for (const stage of ['Análise', 'Planejamento', 'Produção']) {
      await ana.keyboard.press('ArrowRight');
      await ana.getByText(new RegExp(`^Sobre .*${stage}\\.$`)).waitFor();
    }
    await ana.keyboard.press('Space');
    await ana.getByRole('alert').filter({ hasText: 'Avance uma etapa por vez: Triagem → Produção pula etapas.' }).waitFor();
    await expect.poll(() => isFocused(card(ana, 'Triagem', dragTitle))).toBe(true);

    // One column to the right is Análise: moved there, for Paulo too.
    await ana.keyboard.press('Space');
    await ana.getByText(`“${dragTitle}” pego.`, { exact: false }).waitFor();
    await ana.keyboard.press('ArrowRight');
    await ana.getByText(/^Sobre .*Análise\.$/).waitFor();
    await ana.keyboard.press('Space');
    await seeIn(ana, 'Análise', dragTitle);
    await expect.poll(() => isFocused(card(ana, 'Análise', dragTitle))).toBe(true);
    await seeIn(paulo, 'Análise', dragTitle);
    await syncStateIs(ana, 'Salvo');
  });

  it('keeps offline edits and merges them with a colleague’s after the connection returns', async () => {
    const created = 'Vídeo institucional da padaria';
    const anaMoves = 'Banner de Dia das Mães para o Instagram';
    const pauloMoves = 'Loja virtual — briefing e orçamento';
    const proxy = await startTcpProxy(suite.server.port);
    proxies.push(proxy);
    const [ana, paulo] = await Promise.all([openBoard(ANA, proxy.url), openBoard(PAULO)]);
    await seeIn(ana, 'Análise', anaMoves);
    await seeIn(ana, 'Planejamento', pauloMoves);

    proxy.down();
    await syncStateIs(ana, 'Offline — nenhuma alteração pendente');

    // Offline, Ana creates one ticket and moves another; both wait in her browser.
    const quickAdd = ana.getByLabel('Nova demanda na Triagem');
    await quickAdd.fill(created);
    await quickAdd.press('Enter');
    await card(ana, 'Triagem', created).waitFor();
    await moveWithMenu(ana, card(ana, 'Análise', anaMoves), 'Mover para Planejamento');
    await seeIn(ana, 'Planejamento', anaMoves);
    await syncStateIs(ana, 'Offline — 2 alterações pendentes');

    // Meanwhile Paulo, online, moves something else; Ana cannot see it yet.
    await moveWithMenu(paulo, card(paulo, 'Planejamento', pauloMoves), 'Mover para Produção');
    await seeIn(paulo, 'Produção', pauloMoves);
    await syncStateIs(paulo, 'Salvo');
    expect(await card(paulo, 'Triagem', created).count()).toBe(0);
    expect(await card(ana, 'Planejamento', pauloMoves).count()).toBe(1);

    // The connection returns: Ana's changes are saved, and everyone sees everything.
    proxy.up();
    await syncStateIs(ana, 'Salvo');
    for (const page of [ana, paulo]) {
      await seeIn(page, 'Triagem', created);
      await seeIn(page, 'Planejamento', anaMoves);
      await seeIn(page, 'Produção', pauloMoves);
    }

    // It is all on the server: a reload of each page shows the same.
    await Promise.all([ana.reload(), paulo.reload()]);
    for (const page of [ana, paulo]) {
      await boardShown(page);
      await seeIn(page, 'Triagem', created);
      await seeIn(page, 'Planejamento', anaMoves);
      await seeIn(page, 'Produção', pauloMoves);
    }
  });

  it('shows who is on the board and on which ticket, and merges typing from both sides', async () => {
    const title = 'Landing page da coleção de verão';
    const [ana, paulo] = await Promise.all([openBoard(ANA), openBoard(PAULO)]);

    const present = paulo.getByRole('list', { name: 'Neste quadro agora' });
    await present.getByRole('listitem').filter({ hasText: 'Ana' }).waitFor({ timeout: SEEN_WITHIN });
    await ana.getByRole('list', { name: 'Neste quadro agora' }).getByRole('listitem').filter({ hasText: 'Paulo' }).waitFor();

    // Ana opens the ticket: Paulo's card says so; she closes it: the mark goes.
    const viewing = card(paulo, 'Entrega', title).getByText('Ana está vendo este ticket');
    await card(ana, 'Entrega', title).getByText(title).click();
    const anaDrawer = ana.getByRole('dialog');
    await anaDrawer.getByRole('heading', { name: new RegExp(title) }).waitFor();
    await viewing.waitFor({ timeout: SEEN_WITHIN });
    await anaDrawer.getByRole('button', { name: 'Fechar' }).click();
    await anaDrawer.waitFor({ state: 'detached' });
    await viewing.waitFor({ state: 'detached', timeout: SEEN_WITHIN });

    // Both open it and type into the client summary at the same time: Ana at the end, Paulo at
    // the start. Both end up with both.
    await card(ana, 'Entrega', title).getByText(title).click();
    await card(paulo, 'Entrega', title).getByText(title).click();
    const anaSummary = ana.getByRole('dialog').getByLabel('Resumo para o cliente');
    const pauloSummary = paulo.getByRole('dialog').getByLabel('Resumo para o cliente');
    await ana.getByRole('dialog').getByText('Paulo também está com este ticket aberto').waitFor({ timeout: SEEN_WITHIN });
    const original = await anaSummary.inputValue();
    expect(original.length).toBeGreaterThan(0);
    expect(await pauloSummary.inputValue()).toBe(original);

    await anaSummary.click();
    await ana.keyboard.press('Control+End');
    await pauloSummary.click();
    await paulo.keyboard.press('Control+Home');
    const anaText = ' Ana: conferido no celular.';
    const pauloText = 'Paulo: checkout corrigido. ';
    await Promise.all([
      ana.keyboard.type(anaText, { delay: 15 }),
      paulo.keyboard.type(pauloText, { delay: 15 }),
    ]);
    const merged = `${pauloText}${original}${anaText}`;
    await expect.poll(() => anaSummary.inputValue(), { timeout: SEEN_WITHIN }).toBe(merged);
    await expect.poll(() => pauloSummary.inputValue(), { timeout: SEEN_WITHIN }).toBe(merged);
    await Promise.all([syncStateIs(ana, 'Salvo'), syncStateIs(paulo, 'Salvo')]);
  });

  it('undoes only the person’s own move (Ctrl+Z), on both pages', async () => {
    const anaMoves = 'Banner para o novo horário de atendimento';
    const pauloMoves = 'Landing page da coleção de verão';
    const [ana, paulo] = await Promise.all([openBoard(ANA), openBoard(PAULO)]);

    await moveWithMenu(ana, card(ana, 'Entrega', anaMoves), 'Mover para Produção');
    await seeIn(paulo, 'Produção', anaMoves);

    await moveWithMenu(paulo, card(paulo, 'Entrega', pauloMoves), 'Mover para Produção');
    await seeIn(ana, 'Produção', pauloMoves);

    // Focus is on Ana's moved card (not a text field), so Ctrl+Z is the board's undo.
    await ana.keyboard.press('Control+z');
    for (const page of [ana, paulo]) {
      await seeIn(page, 'Entrega', anaMoves);
      await seeIn(page, 'Produção', pauloMoves);
    }
    await Promise.all([syncStateIs(ana, 'Salvo'), syncStateIs(paulo, 'Salvo')]);
  });
});
