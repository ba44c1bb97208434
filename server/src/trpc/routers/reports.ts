/**
 * The agency's reports (issue 8), for admins (diretor) and account managers (atendimento) —
 * production staff get FORBIDDEN; share tokens are not sessions and never reach it.
 *
 * `reports.dashboard { from?, to?, boardId?, managerId?, clientId?, kind? }` → the flow metrics
 * (`reports/agencyDashboard.ts`) over the boards the caller may open, for the agency days
 * `from`–`to` (default: the last 12 weeks up to today). `'none'` asks for tickets without a
 * manager / client / kind. A board the caller may not open is NOT_FOUND, like everywhere else.
 */
import { NotFoundError } from '@fluxo/shared/errors';
import { boardIdSchema, clientIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { kindSchema } from '@fluxo/shared/board/ticket';
import type { FlowFilter } from '@fluxo/shared/reports/flowMetrics';
import { type ReportPeriod, lastDays, reportPeriodSchema } from '@fluxo/shared/reports/reportPeriod';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { agencyDay } from '../../absence/agencyDay.js';
import { visibleBoards } from '../../boards/boardAccess.js';
import { agencyDashboard } from '../../reports/agencyDashboard.js';
import { mayReadReports } from '../../reports/reportAccess.js';
import { router, staffProcedure } from '../trpc.js';

/** The dashboard's default period: 12 weeks. */
export const DEFAULT_DASHBOARD_DAYS = 84;

const orNone = <T extends z.ZodType>(schema: T) => z.union([schema, z.literal('none')]).optional();

export const dashboardInputSchema = z
  .strictObject({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    boardId: boardIdSchema.optional(),
    managerId: orNone(userIdSchema),
    clientId: orNone(clientIdSchema),
    kind: orNone(kindSchema),
  })
  .refine((input) => (input.from === undefined) === (input.to === undefined), {
    message: 'give both from and to, or neither',
    path: ['to'],
  });

const reportsProcedure = staffProcedure.use(({ ctx, next }) => {
  if (!mayReadReports(ctx.user)) throw new TRPCError({ code: 'FORBIDDEN', message: 'reports are for admins and account managers' });
  return next();
});

const noneToNull = <T>(value: T | 'none' | undefined): T | null | undefined => (value === 'none' ? null : value);

export const reportsRouter = router({
  dashboard: reportsProcedure.input(dashboardInputSchema).query(async ({ ctx, input }) => {
    const now = ctx.conversation.now();
    let period: ReportPeriod;
    if (input.from !== undefined && input.to !== undefined) {
      const checked = reportPeriodSchema.safeParse({ from: input.from, to: input.to });
      if (!checked.success) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: checked.error.issues[0]?.message ?? 'invalid period' });
      }
      period = checked.data;
    } else {
      period = lastDays(await agencyDay(ctx.store, ctx.user.agencyId, now), DEFAULT_DASHBOARD_DAYS);
    }
    let boards = await visibleBoards(ctx.store, ctx.user);
    if (input.boardId !== undefined) {
      boards = boards.filter((b) => b.id === input.boardId);
      if (boards.length === 0) throw new NotFoundError('board');
    }
    const filter: FlowFilter = {
      ...(input.boardId !== undefined ? { boardId: input.boardId } : {}),
      ...(input.managerId !== undefined ? { managerId: noneToNull(input.managerId) } : {}),
      ...(input.clientId !== undefined ? { clientId: noneToNull(input.clientId) } : {}),
      ...(input.kind !== undefined ? { kind: noneToNull(input.kind) } : {}),
    };
    const satisfaction = (await ctx.store.satisfaction.listForAgency(ctx.user.agencyId)).flatMap((survey) =>
      survey.rating === null || survey.answeredAt === null
        ? []
        : [{ ticketId: survey.ticketId, rating: survey.rating, answeredAt: Date.parse(survey.answeredAt) }],
    );
    return agencyDashboard({ store: ctx.store, flows: ctx.conversation.flows, viewer: ctx.user, boards, period, filter, now, satisfaction });
  }),
});
