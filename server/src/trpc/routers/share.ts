/**
 * `share.*`: the client timeline's own router (DESIGN.md §3: clients never receive the staff
 * Yjs document). Every procedure is authorized by its link's token alone — the session cookie,
 * if any, is dropped from the context — and answers only through the strict schemas of
 * `shared/src/share/timeline.ts`, built by the client projection.
 *
 * - `share.timeline {token}` → `ShareTimeline`.
 * - `share.watch {token}` — subscription (SSE): the current `ShareTimeline`, then a fresh one
 *   each time what the client sees changes (a ticket recorded by the witness, a comment, the
 *   link itself); signals that arrive while a timeline is being read are served by one more
 *   read, so a burst costs two reads, not one per signal. It ends when the link stops
 *   opening — revoked or rotated (the staff router signals the board at once) or expired (a
 *   timer) — so an open page loses the stream within seconds.
 * - `share.reply {token, ticketId, parentId?, body}` (respond scope) → `ShareComment`: the
 *   client's message on one of its tickets, client-visible, signed with the client's name; a
 *   ticket waiting on the client goes back to open (`reopenOnClientAnswer`, as an emailed answer
 *   does). A `view` link gets FORBIDDEN and changes nothing.
 * - `share.request {token, title, body}` (respond scope) → `{ticketId, number}`: a new request
 *   of the link's client in Triagem, channel `portal`, its words as the client-facing summary
 *   (`openClientRequest`, as an emailed request is opened); the client's present account
 *   managers — or whoever covers an absent one — are told (`new_ticket_by_portal`).
 *
 * - `share.decide {token, approvalId, outcome, contentHash, note}` (respond scope) → `ShareApproval`:
 *   the client approves, or asks for changes to (a note is then required), one request it was sent
 *   on one of its tickets — only while pending and only for the version it saw (CONFLICT naming
 *   why otherwise: decided already, a newer version sent, withdrawn). Stored with who and when,
 *   written as the client's message, and a ticket waiting on the client goes back to open
 *   (`approvals/approvalDesk.ts`). A `view` link gets FORBIDDEN.
 *
 * Unknown, malformed, expired and revoked tokens all get the same NOT_FOUND ("link not found").
 * Every answer carries `Referrer-Policy: no-referrer`, `X-Robots-Tag: noindex` and
 * `Cache-Control: no-store`; callers are rate-limited per address (TOO_MANY_REQUESTS with
 * `Retry-After`).
 */
import { ForbiddenError, NotFoundError, ThrottledError } from '@fluxo/shared/errors';
import { newTicketId } from '@fluxo/shared/ids';
import { serverOrigin } from '@fluxo/shared/origin';
import { onClientTimeline, shareComment } from '@fluxo/shared/share/projection';
import {
  type ShareTimeline,
  shareCommentSchema,
  shareDecideInputSchema,
  shareInputSchema,
  shareReplyInputSchema,
  shareRequestInputSchema,
  shareRequestResultSchema,
  shareTimelineSchema,
} from '@fluxo/shared/share/timeline';
import { type ApprovalId, shareApprovalSchema, shareApprovals } from '@fluxo/shared/approvals/approval';
import { approvalOn, decideApproval } from '../../approvals/approvalDesk.js';
import { reopenOnClientAnswer } from '../../conversation/clientAnswer.js';
import { announceClientRequest, openClientRequest } from '../../conversation/clientRequest.js';
import { projectableComment, readClientTimeline } from '../../share/clientTimeline.js';
import { resolveShareLink } from '../../share/shareLinks.js';
import { clientReportSchema, dayOfInstant, defaultOnDemandPeriod, shareReportInputSchema } from '@fluxo/shared/reports/clientReport';
import { readClientReport, reportTimeZone } from '../../reports/clientReportReading.js';
import type { ShareLinkRecord } from '../../store/shareLinkRecords.js';
import type { Store } from '../../store/store.js';
import { SHARE_RETRY_AFTER_SECONDS, takeShareRequest } from '../../share/shareRateLimit.js';
import type { ResponseHeaders } from '../context.js';
import { publicProcedure, router } from '../trpc.js';
import { shareRateInputSchema, shareSurveySchema, shareSurveysInputSchema, shareSurveysSchema } from '@fluxo/shared/satisfaction/satisfaction';
import { rateFromShare, shareSurveys } from '../../satisfaction/shareSatisfaction.js';

/** The headers of every share answer (also of the `/share/<token>` page). */
export const SHARE_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex',
  'Cache-Control': 'no-store',
};

export function setShareHeaders(response: ResponseHeaders): void {
  for (const [name, value] of Object.entries(SHARE_RESPONSE_HEADERS)) response.setHeader(name, value);
}

/** The per-address budget, shared with the `/share/<token>` page (`share/shareRateLimit.ts`). */
export { SHARE_RATE } from '../../share/shareRateLimit.js';

/** The one answer for every link that does not open. */
const LINK_NOT_FOUND = 'link';

/** The live link of `token`; NOT_FOUND for an unknown, expired or revoked one (one answer for all). */
async function openLink(store: Store, token: string, now: Date): Promise<ShareLinkRecord> {
  const link = await resolveShareLink(store, token, now);
  if (link === null) throw new NotFoundError(LINK_NOT_FOUND);
  return link;
}

/** `openLink`, for what only a link that may respond can do (FORBIDDEN for a watch-only one). */
async function respondingLink(store: Store, token: string, now: Date): Promise<ShareLinkRecord> {
  const link = await openLink(store, token, now);
  if (link.scope !== 'respond') throw new ForbiddenError('this link can only watch');
  return link;
}

const shareProcedure = publicProcedure.use(({ ctx, next }) => {
  setShareHeaders(ctx.response);
  if (!takeShareRequest(ctx.ip)) throw new ThrottledError(SHARE_RETRY_AFTER_SECONDS);
  // A staff member opening a client's link is, here, that client: nothing of the session is used.
  return next({ ctx: { user: null, session: null } });
});

/** Longest a timer may wait (setTimeout's limit, ~24.8 days); a longer expiry is re-armed by the stream's own end. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Lets the signals of one burst (several sockets' updates in one I/O turn) arrive first. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Who signs a client's message from the page: the client, by its name and first known address
 * (an address is required of a client author); a client without one signs with a placeholder
 * that can receive nothing.
 */
const PORTAL_ADDRESS = 'cliente@portal.invalid';

export const shareRouter = router({
  /**
   * `share.report {token, from?, to?}` → `ClientReport` (issue 8): the client's report of work
   * done on the link's board, built from this same timeline (`reports/clientReportReading.ts`);
   * default period the last 7 days up to today (agency days, `to` exclusive). Any scope.
   */
  report: shareProcedure
    .input(shareReportInputSchema)
    .output(clientReportSchema)
    .query(async ({ ctx, input }) => {
      const now = ctx.conversation.now();
      const link = await openLink(ctx.store, input.token, now);
      const period =
        input.from !== undefined && input.to !== undefined
          ? { from: input.from, to: input.to }
          : defaultOnDemandPeriod(dayOfInstant(await reportTimeZone(ctx.store, link.agencyId), now), null);
      return readClientReport(
        { store: ctx.store, tickets: ctx.conversation.tickets },
        { agencyId: link.agencyId, clientId: link.clientId, period, now, boardIds: [link.boardId] },
      );
    }),

  timeline: shareProcedure
    .input(shareInputSchema)
    .output(shareTimelineSchema)
    .query(async ({ ctx, input }) => {
      const link = await openLink(ctx.store, input.token, ctx.conversation.now());
      return readClientTimeline(ctx.store, ctx.conversation.tickets, link);
    }),

  reply: shareProcedure
    .input(shareReplyInputSchema)
    .output(shareCommentSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, conversation } = ctx;
      const now = conversation.now();
      const link = await respondingLink(store, input.token, now);
      const ticket = await conversation.tickets.ticket(link.boardId, input.ticketId);
      if (ticket === null || !onClientTimeline(ticket, link.clientId)) throw new NotFoundError('ticket');
      if (input.parentId !== null) {
        const parent = await store.comments.get(input.parentId);
        const visible = parent !== null && parent.boardId === link.boardId && parent.ticketId === ticket.id && parent.visibility === 'client' && parent.deletedAt === null;
        if (!visible) throw new NotFoundError('message');
      }
      const client = await store.clients.get(link.clientId);
      if (client === null) throw new NotFoundError(LINK_NOT_FOUND);
      const comment = await conversation.createComment({
        boardId: link.boardId,
        ticketId: ticket.id,
        author: { kind: 'client', email: client.emails[0] ?? PORTAL_ADDRESS, name: client.name },
        body: input.body,
        visibility: 'client',
        parentId: input.parentId,
        source: 'app',
      });
      await reopenOnClientAnswer({
        store,
        boards: conversation.boards,
        ticket: { agencyId: link.agencyId, boardId: link.boardId, ticketId: ticket.id },
        origin: serverOrigin('portal'),
        now,
      });
      conversation.events.boardChanged(link.boardId);
      const agency = await store.agencies.get(link.agencyId);
      const shown = shareComment(projectableComment(comment), { agencyName: agency?.name ?? '', staffName: () => null });
      if (shown === null) throw new Error('a client comment was not client-visible');
      return shown;
    }),

  request: shareProcedure
    .input(shareRequestInputSchema)
    .output(shareRequestResultSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, conversation } = ctx;
      const now = conversation.now();
      const link = await respondingLink(store, input.token, now);
      const ticket = { agencyId: link.agencyId, boardId: link.boardId, ticketId: newTicketId() };
      const number = await openClientRequest(
        { store, boards: conversation.boards, logger: ctx.logger },
        { ticket, title: input.title, channel: 'portal', clientId: link.clientId, summary: input.body, origin: serverOrigin('portal'), now },
      );
      conversation.events.boardChanged(link.boardId);
      // The client's present account manager (or whoever covers) hears of it; the ticket stands
      // even if telling them fails.
      const client = await store.clients.get(link.clientId);
      await announceClientRequest(conversation, {
        ticket,
        kind: 'new_ticket_by_portal',
        from: { kind: 'client', email: client?.emails[0] ?? PORTAL_ADDRESS, name: client?.name ?? null },
        at: now,
      }).catch((error: unknown) => ctx.logger.warn('share.request: notifications failed', { boardId: link.boardId, error: String(error) }));
      return { ticketId: ticket.ticketId, number };
    }),

  decide: shareProcedure
    .input(shareDecideInputSchema)
    .output(shareApprovalSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, conversation } = ctx;
      const now = conversation.now();
      const link = await respondingLink(store, input.token, now);
      const approval = await approvalOn(conversation, input.approvalId as ApprovalId, link.boardId, link.clientId);
      const ticket = await conversation.tickets.ticket(link.boardId, approval.ticketId);
      if (ticket === null || !onClientTimeline(ticket, link.clientId)) throw new NotFoundError('approval');
      const client = await store.clients.get(link.clientId);
      if (client === null) throw new NotFoundError(LINK_NOT_FOUND);
      const decided = await decideApproval(conversation, {
        approvalId: approval.id,
        boardId: link.boardId,
        clientId: link.clientId,
        outcome: input.outcome,
        note: input.note,
        contentHash: input.contentHash,
        by: { name: client.name, email: null },
        via: 'share_link',
        commentId: null,
        authorEmail: client.emails[0] ?? PORTAL_ADDRESS,
      });
      const requester = await store.users.get(decided.requestedBy);
      const [shown] = shareApprovals([decided], () => requester?.name ?? null);
      if (shown === undefined) throw new Error('a decided approval was not shown');
      return shown;
    }),

  /**
   * `share.surveys {token}` → the link's delivered tickets that have a satisfaction survey, with
   * the answer so far; `share.rate {token, ticketId, rating, comment}` (respond scope) → that
   * ticket's survey answered (issue 8, `satisfaction/shareSatisfaction.ts`: a ticket not on the
   * link's timeline, or not done, is NOT_FOUND).
   */
  surveys: shareProcedure
    .input(shareSurveysInputSchema)
    .output(shareSurveysSchema)
    .query(({ ctx, input }) =>
      shareSurveys({ store: ctx.store, tickets: ctx.conversation.tickets, notifier: ctx.conversation.notifier, logger: ctx.logger }, input.token, ctx.conversation.now()),
    ),

  rate: shareProcedure
    .input(shareRateInputSchema)
    .output(shareSurveySchema)
    .mutation(({ ctx, input }) =>
      rateFromShare({ store: ctx.store, tickets: ctx.conversation.tickets, notifier: ctx.conversation.notifier, logger: ctx.logger }, input, ctx.conversation.now()),
    ),

  watch: shareProcedure.input(shareInputSchema).subscription(async ({ ctx, input, signal }) => {
    // Checked when called: a dead link is refused before any stream starts.
    const { store, conversation } = ctx;
    const link = await openLink(store, input.token, conversation.now());
    const ended = new AbortController();
    const stop = () => ended.abort();
    signal?.addEventListener('abort', stop, { once: true });
    const expiry = setTimeout(stop, Math.min(MAX_TIMER_MS, Math.max(0, Date.parse(link.expiresAt) - conversation.now().getTime())));
    const watch = conversation.events.watchBoard(link.boardId, ended.signal);
    return (async function* () {
      try {
        let sent = '';
        for (;;) {
          const current = await resolveShareLink(store, input.token, conversation.now());
          if (current === null || ended.signal.aborted) return;
          const timeline: ShareTimeline = shareTimelineSchema.parse(await readClientTimeline(store, conversation.tickets, current));
          const json = JSON.stringify(timeline);
          if (json !== sent) {
            sent = json;
            yield timeline;
          }
          if (!(await watch.next())) return;
          await nextTurn();
        }
      } finally {
        clearTimeout(expiry);
        signal?.removeEventListener('abort', stop);
        watch.close();
      }
    })();
  }),
});
