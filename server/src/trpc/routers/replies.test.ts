import { type TicketId, newClientId } from '@fluxo/shared/ids';
import type { CannedReplyId } from '@fluxo/shared/replies/cannedReply';
import { TRPCError } from '@trpc/server';
import { beforeEach, describe, expect, it } from 'vitest';
import { addStoredTicket } from '../../conversation/testing/storedTickets.js';
import { DEMO_EXPERT_NAME } from '../../replies/demoReplies.js';
import { type TestApp, createTestApp } from '../../testing/testApp.js';

async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof TRPCError)) throw new Error(`expected a TRPCError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}
const codeOf = async (promise: Promise<unknown>) => (await failure(promise)).code;

// The demo seeds three replies for every client — "Agradecer elogio" (praise), "Dúvida de
// acesso" and "Passos do reembolso" (support) — and names Clínica Sorriso's expert.
describe('replies router', () => {
  let app: TestApp;
  let clinicTicket: TicketId;
  let padariaTicket: TicketId;
  let noClientTicket: TicketId;

  beforeEach(async () => {
    app = await createTestApp();
    const { boardId, clients } = app.demo;
    clinicTicket = await addStoredTicket(app.store, boardId, { title: 'Acesso ao curso', channel: 'email', clientId: clients.clinica.id }, 12);
    padariaTicket = await addStoredTicket(app.store, boardId, { title: 'Elogio', channel: 'whatsapp', clientId: clients.padaria.id }, 13);
    noClientTicket = await addStoredTicket(app.store, boardId, { title: 'Interno', channel: 'meeting' });
  });

  const idOf = async (title: string): Promise<CannedReplyId> => {
    const replies = await app.store.cannedReplies.listByAgency(app.demo.agencyId);
    const found = replies.find((r) => r.title === title);
    if (!found) throw new Error(`no reply ${title}`);
    return found.id;
  };

  it("renders a reply for a ticket: the ticket's client and expert, its number, the caller, the tone's signature", async () => {
    const { boardId } = app.demo;
    const asAna = await app.signedIn(app.demo.users.ana);
    const access = await asAna.replies.render({ replyId: await idOf('Dúvida de acesso'), boardId, ticketId: clinicTicket });
    expect(access.text).toContain('pelo pedido #12.');
    expect(access.text.endsWith(`\n\nEquipe de Suporte de ${DEMO_EXPERT_NAME}`)).toBe(true);

    const praise = await idOf('Agradecer elogio');
    expect((await asAna.replies.render({ replyId: praise, boardId, ticketId: padariaTicket })).text).toBe(
      'Que alegria ler isso! Obrigada pelo carinho 💛\n\nPadaria Pão Dourado',
    );
    // No client: the agency answers as itself.
    expect((await asAna.replies.render({ replyId: praise, boardId, ticketId: noClientTicket })).text).toBe(
      'Que alegria ler isso! Obrigada pelo carinho 💛\n\nAgência Ponto Criativo',
    );
    // {atendente} is whoever asks: Paulo (production) may use replies too.
    const asDora = await app.signedIn(app.demo.users.dora);
    const plain = await asDora.replies.save({ title: 'Assinado', body: 'Falou com {atendente} sobre {cliente}.', tone: 'plain', clientId: null });
    const asPaulo = await app.signedIn(app.demo.users.paulo);
    expect((await asPaulo.replies.render({ replyId: plain.id, boardId, ticketId: padariaTicket })).text).toBe(
      'Falou com Paulo sobre Padaria Pão Dourado.',
    );
  });

  it('lists the active replies that apply to a client, by title; archived ones on request', async () => {
    const asAna = await app.signedIn(app.demo.users.ana);
    const { clinica, padaria } = app.demo.clients;
    const onlyClinic = await asAna.replies.save({ title: 'Horário da clínica', body: 'Atendemos das 8h às 18h.', tone: 'support', clientId: clinica.id });
    expect((await asAna.replies.list({ clientId: clinica.id })).map((r) => r.title)).toEqual([
      'Agradecer elogio',
      'Dúvida de acesso',
      'Horário da clínica',
      'Passos do reembolso',
    ]);
    expect((await asAna.replies.list({ clientId: padaria.id })).map((r) => r.title)).not.toContain('Horário da clínica');
    expect(await asAna.replies.list()).toHaveLength(4);
    // The composer asks by ticket: the clinic's ticket gets the clinic's reply, others not.
    const { boardId } = app.demo;
    expect((await asAna.replies.list({ ticket: { boardId, ticketId: clinicTicket } })).map((r) => r.title)).toContain('Horário da clínica');
    expect((await asAna.replies.list({ ticket: { boardId, ticketId: noClientTicket } })).map((r) => r.title)).toEqual([
      'Agradecer elogio',
      'Dúvida de acesso',
      'Passos do reembolso',
    ]);
    expect(await codeOf(asAna.replies.list({ ticket: { boardId, ticketId: 'NoSuchTicket0000' as TicketId } }))).toBe('NOT_FOUND');
    expect(await codeOf((await app.signedIn(app.rival.admin)).replies.list({ ticket: { boardId, ticketId: clinicTicket } }))).toBe('NOT_FOUND');
    expect(await codeOf(asAna.replies.list({ clientId: clinica.id, ticket: { boardId, ticketId: clinicTicket } }))).toBe('BAD_REQUEST');

    await asAna.replies.archive({ id: onlyClinic.id });
    expect((await asAna.replies.list({ clientId: clinica.id })).map((r) => r.title)).not.toContain('Horário da clínica');
    expect((await asAna.replies.list({ includeArchived: true })).find((r) => r.id === onlyClinic.id)?.archived).toBe(true);
    expect(await failure(asAna.replies.render({ replyId: onlyClinic.id, boardId: app.demo.boardId, ticketId: clinicTicket }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'this canned reply is archived',
    });
    await asAna.replies.archive({ id: onlyClinic.id, archived: false });
    expect((await asAna.replies.render({ replyId: onlyClinic.id, boardId: app.demo.boardId, ticketId: clinicTicket })).text).toBe(
      `Atendemos das 8h às 18h.\n\nEquipe de Suporte de ${DEMO_EXPERT_NAME}`,
    );
    // Kept for the clinic: not on the bakery's tickets.
    expect(await failure(asAna.replies.render({ replyId: onlyClinic.id, boardId: app.demo.boardId, ticketId: padariaTicket }))).toEqual({
      code: 'BAD_REQUEST',
      message: "this canned reply is kept for another client's tickets",
    });
  });

  it('lets admins and account managers write replies, production not; refuses unknown placeholders by name and keeps nothing', async () => {
    const asPaulo = await app.signedIn(app.demo.users.paulo);
    const draft = { title: 'Boas-vindas', body: 'Bem-vinda, {cliente}!', tone: 'support' as const, clientId: null };
    expect(await codeOf(asPaulo.replies.save(draft))).toBe('FORBIDDEN');
    expect(await codeOf(asPaulo.replies.archive({ id: await idOf('Dúvida de acesso') }))).toBe('FORBIDDEN');

    const asAna = await app.signedIn(app.demo.users.ana);
    expect(await failure(asAna.replies.save({ ...draft, body: 'Oi {nome}, aqui é {Especialista}' }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'body: unknown placeholders {nome}, {Especialista}: use {especialista}, {cliente}, {atendente}, {ticket}',
    });
    expect(await codeOf(asAna.replies.save({ ...draft, title: '  ' }))).toBe('BAD_REQUEST');
    expect(await codeOf(asAna.replies.save({ ...draft, body: 'x'.repeat(5001) }))).toBe('BAD_REQUEST');
    expect(await asAna.replies.list()).toHaveLength(3);

    const saved = await asAna.replies.save(draft);
    expect(saved).toMatchObject({ title: 'Boas-vindas', tone: 'support', clientId: null, archived: false });
    const edited = await (await app.signedIn(app.demo.users.dora)).replies.save({ ...draft, id: saved.id, title: 'Boas-vindas!', tone: 'praise' });
    expect(edited).toEqual({ ...saved, title: 'Boas-vindas!', tone: 'praise' });
    expect((await app.store.cannedReplies.get(saved.id))?.updatedBy).toBe(app.demo.users.dora.id);
  });

  it('keeps signature rules to admins; a changed rule signs the next render; expert names only for the agency’s clients', async () => {
    const { boardId, clients } = app.demo;
    expect(await codeOf((await app.signedIn(app.demo.users.ana)).replies.signatures())).toBe('FORBIDDEN');
    expect(await codeOf((await app.signedIn(app.demo.users.ana)).replies.setSignatures({ support: '', praise: '', experts: [] }))).toBe('FORBIDDEN');

    const asDora = await app.signedIn(app.demo.users.dora);
    expect(await asDora.replies.signatures()).toEqual({
      rules: { support: 'Equipe de Suporte de {especialista}', praise: '{especialista}', experts: [{ clientId: clients.clinica.id, name: DEMO_EXPERT_NAME }] },
      custom: true,
    });
    expect(await failure(asDora.replies.setSignatures({ support: 'Time {time}', praise: '', experts: [] }))).toEqual({
      code: 'BAD_REQUEST',
      message: 'support: unknown placeholder {time}: use {especialista}, {cliente}, {atendente}, {ticket}',
    });
    const rival = await app.signedIn(app.rival.admin);
    // The rival's admin cannot name the demo's client, and sees the defaults for their agency.
    expect(await codeOf(rival.replies.setSignatures({ support: '', praise: '', experts: [{ clientId: clients.loja.id, name: 'X' }] }))).toBe('NOT_FOUND');
    expect((await rival.replies.signatures()).custom).toBe(false);

    await asDora.replies.setSignatures({
      support: '{atendente} · Suporte {especialista}',
      praise: '— {especialista}',
      experts: [{ clientId: clients.padaria.id, name: '  Chef Márcia  ' }],
    });
    expect((await asDora.replies.render({ replyId: await idOf('Agradecer elogio'), boardId, ticketId: padariaTicket })).text).toBe(
      'Que alegria ler isso! Obrigada pelo carinho 💛\n\n— Chef Márcia',
    );
    expect((await asDora.replies.render({ replyId: await idOf('Dúvida de acesso'), boardId, ticketId: clinicTicket })).text).toMatch(
      /\n\nDora · Suporte Clínica Sorriso$/,
    );
  });

  it('is staff only, and another agency’s replies, clients, boards and tickets are NOT_FOUND', async () => {
    const { boardId, clients } = app.demo;
    const replyId = await idOf('Dúvida de acesso');
    const anonymous = app.anonymous().caller;
    expect(await codeOf(anonymous.replies.list())).toBe('UNAUTHORIZED');
    expect(await codeOf(anonymous.replies.render({ replyId, boardId, ticketId: clinicTicket }))).toBe('UNAUTHORIZED');

    const rival = await app.signedIn(app.rival.admin);
    expect(await rival.replies.list()).toEqual([]);
    expect(await codeOf(rival.replies.list({ clientId: clients.clinica.id }))).toBe('NOT_FOUND');
    expect(await codeOf(rival.replies.render({ replyId, boardId, ticketId: clinicTicket }))).toBe('NOT_FOUND');
    expect(await codeOf(rival.replies.render({ replyId, boardId: app.rival.board.id, ticketId: clinicTicket }))).toBe('NOT_FOUND');
    expect(await codeOf(rival.replies.archive({ id: replyId }))).toBe('NOT_FOUND');
    expect(await codeOf(rival.replies.save({ id: replyId, title: 'Meu', body: 'Meu', tone: 'plain', clientId: null }))).toBe('NOT_FOUND');

    const asAna = await app.signedIn(app.demo.users.ana);
    expect(await codeOf(asAna.replies.save({ title: 'x', body: 'x', tone: 'plain', clientId: newClientId() }))).toBe('NOT_FOUND');
    const rivalReply = await rival.replies.save({ title: 'Rival', body: 'Oi', tone: 'plain', clientId: null });
    expect(await codeOf(asAna.replies.render({ replyId: rivalReply.id, boardId, ticketId: clinicTicket }))).toBe('NOT_FOUND');
    expect(await codeOf(asAna.replies.render({ replyId, boardId, ticketId: 'NoSuchTicket0000' as TicketId }))).toBe('NOT_FOUND');
    expect(await codeOf(asAna.replies.render({ replyId, boardId: app.rival.board.id, ticketId: clinicTicket }))).toBe('NOT_FOUND');
    expect(await codeOf(asAna.replies.render({ replyId: 'NoSuchReply00000' as CannedReplyId, boardId, ticketId: clinicTicket }))).toBe('NOT_FOUND');
    expect((await asAna.replies.clients()).map((c) => c.name)).toEqual(['Clínica Sorriso', 'Estúdio Lótus Yoga', 'Loja Verde Moda', 'Padaria Pão Dourado']);
    expect((await rival.replies.clients())).toEqual([]);
  });
});
