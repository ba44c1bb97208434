/**
 * `replies.*` (issue 7): canned replies ("respostas prontas") and the signature rules that sign
 * them (`@fluxo/shared/replies/cannedReply`). Staff only (no session: UNAUTHORIZED); another
 * agency's reply, client, board or ticket is NOT_FOUND, as if it did not exist.
 *
 * - `replies.list {clientId? | ticket?: {boardId, ticketId}, includeArchived?}` →
 *   `CannedReply[]` by title: the agency's replies; with `clientId`, those offered on that
 *   client's tickets (kept for every client, or for that one); with `ticket` (the composer's
 *   picker, which does not know the client), those offered on that ticket — whose board the
 *   caller must be able to open (else NOT_FOUND); archived ones only with `includeArchived`.
 * - `replies.clients` → `{id, name}[]` by name: the clients a reply or an expert name may name.
 * - `replies.save {id?, title, body, tone, clientId}` → `CannedReply`: admins and account
 *   managers (`atendimento`); production gets FORBIDDEN. Without `id` a new reply, with it a new
 *   version (archived state kept). Bad texts are BAD_REQUEST saying why — an unknown
 *   placeholder is named (`{nome}`).
 * - `replies.archive {id, archived = true}` → `CannedReply`: the same people; `archived: false`
 *   restores one.
 * - `replies.signatures` → `{rules, custom}` / `replies.setSignatures rules` → the same: admins
 *   only (FORBIDDEN otherwise). `custom: false` while the agency uses the defaults.
 * - `replies.render {replyId, boardId, ticketId}` → `{text}`: the reply filled for that ticket —
 *   its client (and expert name), its number, the caller's name — and signed by its tone. The
 *   composer inserts exactly this, so what the client reads is what the server renders. The
 *   board must be one the caller may open and the ticket on it (else NOT_FOUND); an archived
 *   reply or one kept for another client is BAD_REQUEST.
 */
import { ForbiddenError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import type { Ticket } from '@fluxo/shared/board/ticket';
import { type AgencyId, type BoardId, type ClientId, type TicketId, boardIdSchema, clientIdSchema, ticketIdSchema } from '@fluxo/shared/ids';
import {
  type CannedReply,
  type SignatureRules,
  DEFAULT_SIGNATURE_RULES,
  MAX_EXPERTS,
  cannedReplyDraftSchema,
  cannedReplyIdSchema,
  cannedReplySchema,
  newCannedReplyId,
  renderCannedReply,
  replyToneSchema,
  signatureRulesSchema,
} from '@fluxo/shared/replies/cannedReply';
import { z } from 'zod';
import { canOpenBoard } from '../../boards/boardAccess.js';
import type { CannedReplyRecord } from '../../store/cannedReplyRecords.js';
import type { Conversation } from '../../conversation/conversation.js';
import type { BoardRecord, UserRecord } from '../../store/records.js';
import type { Store } from '../../store/store.js';
import { adminProcedure, router, staffProcedure } from '../trpc.js';

const byText = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });

/** Raw texts: checked by the shared schemas inside, so a refusal says what is wrong. */
const rawText = z.string().max(20_000);

const draftInput = z.object({
  id: cannedReplyIdSchema.optional(),
  title: rawText,
  body: rawText,
  tone: replyToneSchema,
  clientId: clientIdSchema.nullable(),
});

const rulesInput = z.object({
  support: rawText,
  praise: rawText,
  experts: z.array(z.object({ clientId: clientIdSchema, name: rawText })).max(MAX_EXPERTS),
});

const signaturesOutput = z.object({ rules: signatureRulesSchema, custom: z.boolean() });

/** `input` through `schema`, or `InvalidInputError` naming the first problem (and where). */
function parsed<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new InvalidInputError(`${where}${issue?.message ?? 'invalid input'}`);
}

const view = (record: CannedReplyRecord): CannedReply => ({
  id: record.id,
  title: record.title,
  body: record.body,
  tone: record.tone,
  clientId: record.clientId,
  archived: record.archived,
});

/** Only admins and account managers write the agency's replies. */
function assertMayEdit(user: UserRecord): void {
  if (user.role !== 'admin' && user.role !== 'atendimento') throw new ForbiddenError('only admins and account managers edit canned replies');
}

async function assertAgencyClient(store: Store, agencyId: AgencyId, clientId: ClientId): Promise<void> {
  const client = await store.clients.get(clientId);
  if (!client || client.agencyId !== agencyId) throw new NotFoundError('client');
}

async function agencyReply(store: Store, user: UserRecord, id: CannedReply['id']): Promise<CannedReplyRecord> {
  const reply = await store.cannedReplies.get(id);
  if (!reply || reply.agencyId !== user.agencyId) throw new NotFoundError('canned reply');
  return reply;
}

async function rulesOf(store: Store, agencyId: AgencyId): Promise<{ rules: SignatureRules; custom: boolean }> {
  const stored = await store.cannedReplies.signatures(agencyId);
  if (stored === null) return { rules: DEFAULT_SIGNATURE_RULES, custom: false };
  return { rules: { support: stored.support, praise: stored.praise, experts: stored.experts }, custom: true };
}

/** The ticket, on a board the caller may open; NOT_FOUND otherwise. */
async function ticketOnOpenBoard(
  ctx: { store: Store; user: UserRecord; conversation: Conversation },
  at: { boardId: BoardId; ticketId: TicketId },
): Promise<{ board: BoardRecord; ticket: Ticket }> {
  const board = await ctx.store.boards.get(at.boardId);
  if (!board || !canOpenBoard(ctx.user, board)) throw new NotFoundError('board');
  const ticket = await ctx.conversation.tickets.ticket(board.id, at.ticketId);
  if (!ticket) throw new NotFoundError('ticket');
  return { board, ticket };
}

export const repliesRouter = router({
  list: staffProcedure
    .input(
      z
        .object({
          clientId: clientIdSchema.optional(),
          ticket: z.object({ boardId: boardIdSchema, ticketId: ticketIdSchema }).optional(),
          includeArchived: z.boolean().optional(),
        })
        .refine((i) => i.clientId === undefined || i.ticket === undefined, 'give a client or a ticket, not both')
        .optional(),
    )
    .output(z.array(cannedReplySchema))
    .query(async ({ ctx, input }) => {
      const { store, user } = ctx;
      let clientId: ClientId | null | undefined = input?.clientId;
      if (clientId !== undefined) await assertAgencyClient(store, user.agencyId, clientId);
      if (input?.ticket !== undefined) clientId = (await ticketOnOpenBoard(ctx, input.ticket)).ticket.clientId;
      const replies = await store.cannedReplies.listByAgency(user.agencyId);
      return replies
        .filter((r) => (input?.includeArchived ?? false) || !r.archived)
        .filter((r) => clientId === undefined || r.clientId === null || r.clientId === clientId)
        .map(view)
        .sort((a, b) => byText.compare(a.title, b.title));
    }),

  clients: staffProcedure.output(z.array(z.object({ id: clientIdSchema, name: z.string() }))).query(async ({ ctx }) => {
    const clients = await ctx.store.clients.listByAgency(ctx.user.agencyId);
    return clients.map((c) => ({ id: c.id, name: c.name })).sort((a, b) => byText.compare(a.name, b.name));
  }),

  save: staffProcedure
    .input(draftInput)
    .output(cannedReplySchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      assertMayEdit(user);
      const draft = parsed(cannedReplyDraftSchema, input);
      if (draft.clientId !== null) await assertAgencyClient(store, user.agencyId, draft.clientId);
      const at = ctx.conversation.now().toISOString();
      if (draft.id === undefined) {
        const record: CannedReplyRecord = {
          id: newCannedReplyId(),
          agencyId: user.agencyId,
          title: draft.title,
          body: draft.body,
          tone: draft.tone,
          clientId: draft.clientId,
          archived: false,
          createdBy: user.id,
          createdAt: at,
          updatedBy: user.id,
          updatedAt: at,
        };
        await store.cannedReplies.create(record);
        return view(record);
      }
      const current = await agencyReply(store, user, draft.id);
      const updated = await store.cannedReplies.update(current.id, {
        title: draft.title,
        body: draft.body,
        tone: draft.tone,
        clientId: draft.clientId,
        updatedBy: user.id,
        updatedAt: at,
      });
      return view(updated);
    }),

  archive: staffProcedure
    .input(z.object({ id: cannedReplyIdSchema, archived: z.boolean().default(true) }))
    .output(cannedReplySchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      assertMayEdit(user);
      const current = await agencyReply(store, user, input.id);
      const updated = await store.cannedReplies.update(current.id, {
        archived: input.archived,
        updatedBy: user.id,
        updatedAt: ctx.conversation.now().toISOString(),
      });
      return view(updated);
    }),

  signatures: adminProcedure.output(signaturesOutput).query(({ ctx }) => rulesOf(ctx.store, ctx.user.agencyId)),

  setSignatures: adminProcedure
    .input(rulesInput)
    .output(signaturesOutput)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const rules = parsed(signatureRulesSchema, input);
      const clients = new Set((await store.clients.listByAgency(user.agencyId)).map((c) => c.id as string));
      if (rules.experts.some((e) => !clients.has(e.clientId))) throw new NotFoundError('client');
      await store.cannedReplies.setSignatures({
        agencyId: user.agencyId,
        ...rules,
        updatedBy: user.id,
        updatedAt: ctx.conversation.now().toISOString(),
      });
      return { rules, custom: true };
    }),

  render: staffProcedure
    .input(z.object({ replyId: cannedReplyIdSchema, boardId: boardIdSchema, ticketId: ticketIdSchema }))
    .output(z.object({ text: z.string() }))
    .query(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const { board, ticket } = await ticketOnOpenBoard(ctx, input);
      const reply = await agencyReply(store, user, input.replyId);
      if (reply.archived) throw new InvalidInputError('this canned reply is archived');
      if (reply.clientId !== null && reply.clientId !== ticket.clientId)
        throw new InvalidInputError("this canned reply is kept for another client's tickets");
      const [client, agency, { rules }] = await Promise.all([
        ticket.clientId === null ? Promise.resolve(null) : store.clients.get(ticket.clientId),
        store.agencies.get(board.agencyId),
        rulesOf(store, board.agencyId),
      ]);
      const text = renderCannedReply(reply, {
        rules,
        client: client && client.agencyId === board.agencyId ? { id: client.id, name: client.name } : null,
        agencyName: agency?.name ?? '',
        staffName: user.name,
        ticketNumber: ticket.number,
      });
      return { text };
    }),
});
