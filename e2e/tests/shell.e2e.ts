/**
 * The two-command setup seen by a person: the demo agency's account manager opens Fluxo in
 * Chromium (pt-BR), signs in, finds the board and sees the five stage columns; a wrong password
 * gets the translated refusal; the language switch takes effect and survives a reload.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { type RunningServer, startFluxo } from '../support/fluxoServer.js';

let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startFluxo();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('client shell in Chromium', () => {
  it('signs the account manager in and shows the board columns in pt-BR', async () => {
    const context = await browser.newContext({ locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByLabel('E-mail').fill('ana@demo.fluxo');
    await page.getByLabel('Senha').fill('fluxo-demo');
    await page.getByRole('button', { name: 'Entrar' }).click();

    const boardLink = page.getByRole('link', { name: /^Fluxo de atendimento/ });
    await boardLink.waitFor();
    await boardLink.click();
    for (const stage of ['Triagem', 'Análise', 'Planejamento', 'Produção', 'Entrega']) {
      await page.getByRole('region', { name: stage }).waitFor();
    }
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'fluxo_session');
    expect(session?.httpOnly).toBe(true);
    await context.close();
  });

  it('refuses a wrong password with the translated message and no session', async () => {
    const context = await browser.newContext({ locale: 'pt-BR' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('E-mail').fill('paulo@demo.fluxo');
    await page.getByLabel('Senha').fill('senha-errada');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await page.getByText('E-mail ou senha inválidos.').waitFor();
    expect((await context.cookies()).some((c) => c.name === 'fluxo_session')).toBe(false);
    await context.close();
  });

  it('follows the browser language, and the choice made in the switch survives a reload', async () => {
    const context = await browser.newContext({ locale: 'ru-RU' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByRole('button', { name: 'Войти' }).waitFor();
    await page.getByLabel('Язык').selectOption('en');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await context.close();
  });
});
