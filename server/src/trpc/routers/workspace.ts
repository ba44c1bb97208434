/**
 * `workspace.*`: the agency's own rules — its ticket kinds and its business calendar.
 *
 * - `workspace.kinds` (staff) → every kind of the agency, archived ones too (old tickets name
 *   them; pickers offer only the others): the agency's own list, else `SEED_TICKET_KINDS`.
 * - `workspace.setKinds {kinds}` (admins) → the whole list, validated (`ticketKindListSchema`:
 *   unique slugs, steps in flow order, targets that do not grow with urgency…). A kind cannot be
 *   dropped, only archived: tickets keep naming it.
 * - `workspace.calendar` (staff) / `workspace.setCalendar {calendar}` (admins): business hours,
 *   time zone and holidays; the default is São Paulo's with Brazil's national holidays.
 * A change re-computes the agency's deadlines on their next use (`deadlines.rulesChanged`); a
 * change of kinds also reaches the sync gate's "done needs approval" rule (`doneGuard.rulesChanged`).
 */
import { businessCalendarSchema, defaultBusinessCalendar } from '@fluxo/shared/deadlines/businessCalendar';
import { InvalidInputError } from '@fluxo/shared/errors';
import { SEED_TICKET_KINDS, ticketKindListSchema } from '@fluxo/shared/kinds/ticketKind';
import { z } from 'zod';
import { adminProcedure, router, staffProcedure } from '../trpc.js';

export const workspaceRouter = router({
  kinds: staffProcedure.output(ticketKindListSchema).query(async ({ ctx }) => {
    const settings = await ctx.store.workspaceSettings.get(ctx.user.agencyId);
    return settings?.ticketKinds ?? [...SEED_TICKET_KINDS];
  }),

  setKinds: adminProcedure
    .input(z.strictObject({ kinds: ticketKindListSchema }))
    .output(ticketKindListSchema)
    .mutation(async ({ ctx, input }) => {
      const current = (await ctx.store.workspaceSettings.get(ctx.user.agencyId))?.ticketKinds ?? SEED_TICKET_KINDS;
      const kept = new Set(input.kinds.map((k) => k.slug));
      const dropped = current.filter((k) => !kept.has(k.slug)).map((k) => k.slug);
      if (dropped.length > 0) {
        throw new InvalidInputError(`kinds cannot be removed, only archived (tickets keep naming them): ${dropped.join(', ')}`);
      }
      const saved = await ctx.store.workspaceSettings.setTicketKinds(ctx.user.agencyId, input.kinds, ctx.user.id, new Date().toISOString());
      ctx.conversation.deadlines.rulesChanged(ctx.user.agencyId);
      await ctx.conversation.doneGuard?.rulesChanged(ctx.user.agencyId);
      return saved.ticketKinds ?? [];
    }),

  calendar: staffProcedure.output(businessCalendarSchema).query(async ({ ctx }) => {
    const settings = await ctx.store.workspaceSettings.get(ctx.user.agencyId);
    return settings?.calendar ?? defaultBusinessCalendar(ctx.conversation.now());
  }),

  setCalendar: adminProcedure
    .input(z.strictObject({ calendar: businessCalendarSchema }))
    .output(businessCalendarSchema)
    .mutation(async ({ ctx, input }) => {
      const saved = await ctx.store.workspaceSettings.setCalendar(ctx.user.agencyId, input.calendar, ctx.user.id, new Date().toISOString());
      ctx.conversation.deadlines.rulesChanged(ctx.user.agencyId);
      return saved.calendar ?? input.calendar;
    }),
});
