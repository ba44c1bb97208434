/**
 * `shareLinks.*`: staff manage the links through which clients watch their tickets on a board.
 * Account managers (atendimento) and admins of a board they may open; producers get FORBIDDEN,
 * a board they may not open or a link of another board NOT_FOUND. The token is in the answer of
 * `create` and `rotate` only (as the link's address); the stored hash never leaves.
 *
 * - `list {boardId}` → `ShareLinkView[]`, newest first.
 * - `create {boardId, clientId, scope, expiresInDays?}` → `{link, url}`; the client must be the agency's.
 * - `revoke {id}` → `ShareLinkView` (idempotent: the first revocation time stays); the link's
 *   open live timelines (`share.watch`) end at once.
 * - `rotate {id}` → `{link, url}`: a new address; the old one stops working at once.
 */
import { ForbiddenError, NotFoundError } from '@fluxo/shared/errors';
import { boardIdSchema, clientIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { DEFAULT_SHARE_LINK_DAYS, MAX_SHARE_LINK_DAYS, shareScopeSchema } from '@fluxo/shared/share/timeline';
import { z } from 'zod';
import { canOpenBoard } from '../../boards/boardAccess.js';
import { isLive, issueShareLink, rotateShareLink, shareLinkUrl } from '../../share/shareLinks.js';
import type { BoardRecord, UserRecord } from '../../store/records.js';
import { type ShareLinkRecord, shareLinkIdSchema } from '../../store/shareLinkRecords.js';
import type { Store } from '../../store/store.js';
import { router, staffProcedure } from '../trpc.js';

export const shareLinkViewSchema = z.strictObject({
  id: shareLinkIdSchema,
  boardId: boardIdSchema,
  clientId: clientIdSchema,
  scope: shareScopeSchema,
  createdAt: z.iso.datetime(),
  createdBy: userIdSchema.nullable(),
  expiresAt: z.iso.datetime(),
  revokedAt: z.iso.datetime().nullable(),
  rotatedAt: z.iso.datetime().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  active: z.boolean(),
});
export type ShareLinkView = z.infer<typeof shareLinkViewSchema>;

const issuedSchema = z.strictObject({ link: shareLinkViewSchema, url: z.string() });

function view(link: ShareLinkRecord, now: Date): ShareLinkView {
  return {
    id: link.id,
    boardId: link.boardId,
    clientId: link.clientId,
    scope: link.scope,
    createdAt: link.createdAt,
    createdBy: link.createdBy,
    expiresAt: link.expiresAt,
    revokedAt: link.revokedAt,
    rotatedAt: link.rotatedAt,
    lastUsedAt: link.lastUsedAt,
    active: isLive(link, now),
  };
}

async function managedBoard(store: Store, user: UserRecord, boardId: BoardRecord['id']): Promise<BoardRecord> {
  const board = await store.boards.get(boardId);
  if (!board || !canOpenBoard(user, board)) throw new NotFoundError('board');
  if (user.role !== 'admin' && user.role !== 'atendimento') throw new ForbiddenError('only account managers and admins manage client links');
  return board;
}

async function managedLink(store: Store, user: UserRecord, id: ShareLinkRecord['id']): Promise<ShareLinkRecord> {
  const link = await store.shareLinks.get(id);
  if (link === null || link.agencyId !== user.agencyId) throw new NotFoundError('share link');
  await managedBoard(store, user, link.boardId);
  return link;
}

export const shareLinksRouter = router({
  list: staffProcedure
    .input(z.strictObject({ boardId: boardIdSchema }))
    .output(z.array(shareLinkViewSchema))
    .query(async ({ ctx, input }) => {
      await managedBoard(ctx.store, ctx.user, input.boardId);
      const now = ctx.conversation.now();
      return (await ctx.store.shareLinks.listByBoard(input.boardId)).map((link) => view(link, now));
    }),

  create: staffProcedure
    .input(
      z.strictObject({
        boardId: boardIdSchema,
        clientId: clientIdSchema,
        scope: shareScopeSchema,
        expiresInDays: z.number().int().min(1).max(MAX_SHARE_LINK_DAYS).default(DEFAULT_SHARE_LINK_DAYS),
      }),
    )
    .output(issuedSchema)
    .mutation(async ({ ctx, input }) => {
      const board = await managedBoard(ctx.store, ctx.user, input.boardId);
      const client = await ctx.store.clients.get(input.clientId);
      if (client === null || client.agencyId !== board.agencyId) throw new NotFoundError('client');
      const now = ctx.conversation.now();
      const issued = await issueShareLink(
        ctx.store,
        { agencyId: board.agencyId, boardId: board.id, clientId: client.id, scope: input.scope, days: input.expiresInDays, createdBy: ctx.user.id },
        now,
      );
      return { link: view(issued.link, now), url: shareLinkUrl(ctx.config.publicUrl, issued.token) };
    }),

  revoke: staffProcedure
    .input(z.strictObject({ id: shareLinkIdSchema }))
    .output(shareLinkViewSchema)
    .mutation(async ({ ctx, input }) => {
      const link = await managedLink(ctx.store, ctx.user, input.id);
      const now = ctx.conversation.now();
      const revoked = await ctx.store.shareLinks.revoke(input.id, now.toISOString());
      // Its open live timelines wake up, find the link dead and end.
      ctx.conversation.events.boardChanged(link.boardId);
      return view(revoked, now);
    }),

  rotate: staffProcedure
    .input(z.strictObject({ id: shareLinkIdSchema }))
    .output(issuedSchema)
    .mutation(async ({ ctx, input }) => {
      const link = await managedLink(ctx.store, ctx.user, input.id);
      const now = ctx.conversation.now();
      if (!isLive(link, now)) throw new ForbiddenError('a revoked or expired link cannot get a new address; create a new link');
      const issued = await rotateShareLink(ctx.store, link.id, now);
      ctx.conversation.events.boardChanged(link.boardId);
      return { link: view(issued.link, now), url: shareLinkUrl(ctx.config.publicUrl, issued.token) };
    }),
});
