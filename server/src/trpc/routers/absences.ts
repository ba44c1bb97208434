/**
 * `absences.*` (issue 7): who is away, and who covers their clients meanwhile. Staff only (a
 * share token is no session: UNAUTHORIZED); nothing here reaches a client — the note is staff's.
 *
 * - `absences.people` → `{id, name}[]`: whose absence the caller may record (an admin: the
 *   agency's staff by name; anyone else: themself).
 * - `absences.list {boardId?}` → `{today, absences}`: the agency's absences that have not ended
 *   (`to ≥ today`, the agency's calendar day), by first day. Each says whether it is `current`
 *   and, given a board (which the caller must be able to open, else NOT_FOUND), which clients
 *   the person manages (primary or backup) and who covers each of them on `max(today, from)`
 *   (`absence/coverage.ts` `coverFor`: the other manager if present, else the board's present
 *   account managers; `[]` when nobody can). Without a board, `coverage` is empty.
 * - `absences.create {userId, from, to, note?}` → the absence: an admin for anyone of the
 *   agency, anyone else for themself only (FORBIDDEN); a colleague of another agency or none is
 *   NOT_FOUND. `from > to`, more than 366 days, or an overlap with another absence of the same
 *   person are refused (BAD_REQUEST / CONFLICT, with the reason).
 * - `absences.remove {id}` → `{id}`: the same rule; an unknown id (or another agency's) is
 *   NOT_FOUND.
 */
import { ForbiddenError, NotFoundError } from '@fluxo/shared/errors';
import { boardIdSchema, clientIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import { agencyDay } from '../../absence/agencyDay.js';
import { coverFor } from '../../absence/coverage.js';
import { canOpenBoard } from '../../boards/boardAccess.js';
import {
  type AbsenceRecord,
  MAX_ABSENCE_NOTE,
  absenceDaySchema,
  absenceIdSchema,
  coversDay,
  newAbsenceId,
} from '../../store/absenceRecords.js';
import type { BoardRecord, ClientRecord, UserRecord } from '../../store/records.js';
import { router, staffProcedure } from '../trpc.js';

const personSchema = z.object({ id: userIdSchema, name: z.string() });

export const absenceSchema = z.object({
  id: absenceIdSchema,
  user: personSchema,
  from: absenceDaySchema,
  to: absenceDaySchema,
  note: z.string(),
  createdBy: userIdSchema,
  createdAt: z.iso.datetime(),
});
export type AbsenceView = z.infer<typeof absenceSchema>;

export const clientCoverageSchema = z.object({
  clientId: clientIdSchema,
  clientName: z.string(),
  /** The absent person's place for this client. */
  role: z.enum(['primary', 'backup']),
  /** Who acts for them (in the board's member order); empty when nobody present can. */
  coveredBy: z.array(personSchema),
});

export const absenceListSchema = z.object({
  /** The agency's calendar day the answer was computed for, `YYYY-MM-DD`. */
  today: absenceDaySchema,
  absences: z.array(absenceSchema.extend({ current: z.boolean(), coverage: z.array(clientCoverageSchema) })),
});
export type AbsenceList = z.infer<typeof absenceListSchema>;

const UNKNOWN_NAME = '?';
const byName = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });

function view(absence: AbsenceRecord, people: ReadonlyMap<string, UserRecord>): AbsenceView {
  return {
    id: absence.id,
    user: { id: absence.userId, name: people.get(absence.userId)?.name ?? UNKNOWN_NAME },
    from: absence.from,
    to: absence.to,
    note: absence.note,
    createdBy: absence.createdBy,
    createdAt: absence.createdAt,
  };
}

function coverageOf(
  absence: AbsenceRecord,
  context: { today: string; board: BoardRecord; clients: readonly ClientRecord[]; colleagues: readonly UserRecord[]; absences: readonly AbsenceRecord[] },
): z.infer<typeof clientCoverageSchema>[] {
  const day = absence.from > context.today ? absence.from : context.today;
  const names = new Map(context.colleagues.map((u) => [u.id, u.name]));
  return context.clients.flatMap((client) => {
    const role = client.primaryManagerId === absence.userId ? 'primary' : client.backupManagerId === absence.userId ? 'backup' : null;
    if (role === null) return [];
    const coveredBy = coverFor({ userId: absence.userId, client, day, absences: context.absences, colleagues: context.colleagues, board: context.board })
      .filter((id) => id !== absence.userId)
      .map((id) => ({ id, name: names.get(id) ?? UNKNOWN_NAME }));
    return [{ clientId: client.id, clientName: client.name, role, coveredBy }];
  });
}

/** Only an admin records or removes someone else's absence. */
function assertMayManage(actor: UserRecord, userId: string): void {
  if (actor.role !== 'admin' && actor.id !== userId) throw new ForbiddenError("only an admin records another person's absence");
}

const noteSchema = z
  .string()
  .trim()
  .max(MAX_ABSENCE_NOTE, `a note has at most ${MAX_ABSENCE_NOTE} characters`);

export const absencesRouter = router({
  /** Whose absence the caller may record: everyone of the agency for an admin, else themself. */
  people: staffProcedure.output(z.array(personSchema)).query(async ({ ctx }) => {
    const { store, user } = ctx;
    if (user.role !== 'admin') return [{ id: user.id, name: user.name }];
    const colleagues = await store.users.listByAgency(user.agencyId);
    return colleagues.map((u) => ({ id: u.id, name: u.name })).sort((a, b) => byName.compare(a.name, b.name));
  }),

  list: staffProcedure
    .input(z.object({ boardId: boardIdSchema.optional() }).optional())
    .output(absenceListSchema)
    .query(async ({ ctx, input }) => {
      const { store, user } = ctx;
      let board: BoardRecord | null = null;
      if (input?.boardId !== undefined) {
        board = await store.boards.get(input.boardId);
        if (!board || !canOpenBoard(user, board)) throw new NotFoundError('board');
      }
      const today = await agencyDay(store, user.agencyId, ctx.conversation.now());
      const [absences, colleagues, clients] = await Promise.all([
        store.absences.listByAgency(user.agencyId),
        store.users.listByAgency(user.agencyId),
        board ? store.clients.listByAgency(user.agencyId) : Promise.resolve([]),
      ]);
      const people = new Map(colleagues.map((u) => [u.id as string, u]));
      return {
        today,
        absences: absences
          .filter((a) => a.to >= today)
          .map((a) => ({
            ...view(a, people),
            current: coversDay(a, today),
            coverage: board ? coverageOf(a, { today, board, clients, colleagues, absences }) : [],
          })),
      };
    }),

  create: staffProcedure
    .input(z.object({ userId: userIdSchema, from: absenceDaySchema, to: absenceDaySchema, note: noteSchema.optional() }))
    .output(absenceSchema)
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const person = await store.users.get(input.userId);
      if (!person || person.agencyId !== user.agencyId) throw new NotFoundError('colleague');
      assertMayManage(user, person.id);
      const absence: AbsenceRecord = {
        id: newAbsenceId(),
        agencyId: user.agencyId,
        userId: person.id,
        from: input.from,
        to: input.to,
        note: input.note ?? '',
        createdBy: user.id,
        createdAt: ctx.conversation.now().toISOString(),
      };
      await store.absences.create(absence);
      return view(absence, new Map([[person.id as string, person]]));
    }),

  remove: staffProcedure
    .input(z.object({ id: absenceIdSchema }))
    .output(z.object({ id: absenceIdSchema }))
    .mutation(async ({ ctx, input }) => {
      const { store, user } = ctx;
      const absence = await store.absences.get(input.id);
      if (!absence || absence.agencyId !== user.agencyId) throw new NotFoundError('absence');
      assertMayManage(user, absence.userId);
      await store.absences.remove(absence.id);
      return { id: absence.id };
    }),
});
