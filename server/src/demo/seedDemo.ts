/**
 * The demo agency (`FLUXO_DEMO=1` on an empty data dir, DESIGN.md §4), in pt-BR:
 *
 * - agency "Agência Ponto Criativo";
 * - staff, all with the password `fluxo-demo`: Ana (atendimento), Paulo (produção),
 *   Dora (diretora, admin);
 * - three clients, each with a primary and a backup account manager;
 * - one board, "Fluxo de atendimento", with the three of them as members;
 * - an absent account manager with a backup (issue 7): Beatriz (atendimento, same password),
 *   on the board, primary of a small fourth client (Estúdio Lótus Yoga, no tickets yet) with Ana
 *   as backup, away from the seed's agency day for a week — so the board says Ana covers her.
 *   Ana herself is never away: she is the login the browser tests use.
 * - client records (issue 7, `demoClients.ts`): contacts, a rung reached in steps, a note and a
 *   meeting for the padaria; a contact and a rung for the clinic and the clothes shop.
 * - canned replies (issue 7, `replies/demoReplies.ts`): a support answer, a thank-you for praise
 *   and the refund steps, with the default signature rules and Clínica Sorriso's expert named.
 *
 * The board's Yjs document is filled by `options.fillBoard`, which receives a fresh `Y.Doc`
 * and the created ids and writes the tickets with the shared board commands; the resulting
 * state is stored as the board's document. Without `fillBoard` the board starts with an empty
 * document. When `fillBoard` returns the changes it made (`DemoBoardFill`, as `fillDemoBoard`
 * does), they are handed to the real witness in time order before the document is stored: the
 * tickets get their numbers, history and attention marks as if the demo staff had worked them.
 */
import { ConflictError } from '@fluxo/shared/errors';
import { type AgencyId, type BoardId, newAgencyId, newBoardId, newClientId } from '@fluxo/shared/ids';
import { createAccount } from '../auth/accounts.js';
import type { PasswordHasher } from '../auth/passwords.js';
import type { ClientRecord, UserRecord } from '../store/records.js';
import type { Store } from '../store/store.js';
import * as Y from 'yjs';
import { seedDemoApproval } from './demoApproval.js';
import { seedDemoSatisfaction } from './demoSatisfaction.js';
import { silentLogger } from '../log.js';
import { addDays, agencyDay } from '../absence/agencyDay.js';
import { newAbsenceId } from '../store/absenceRecords.js';
import { seedDemoClientRecords } from './demoClients.js';
import { seedDemoReplies } from '../replies/demoReplies.js';
import type { AcceptedChange } from '../witness/boardChange.js';
import { createWitness } from '../witness/witness.js';

export const DEMO_PASSWORD = 'fluxo-demo';
export const DEMO_AGENCY_NAME = 'Agência Ponto Criativo';
export const DEMO_BOARD_NAME = 'Fluxo de atendimento';
/** The account manager of the demo clients. */
export const DEMO_MANAGER_EMAIL = 'ana@demo.fluxo';
/** The demo client whose link start-up prints (`demoShareLink.ts`). */
export const DEMO_CLIENT_FOR_LINK = 'Clínica Sorriso';
/** The demo account manager who is away (for a week from the seed's day), covered by Ana. */
export const DEMO_ABSENT_MANAGER_EMAIL = 'beatriz@demo.fluxo';

export interface DemoSeed {
  readonly agencyId: AgencyId;
  readonly users: { readonly ana: UserRecord; readonly paulo: UserRecord; readonly dora: UserRecord; readonly beatriz: UserRecord };
  readonly clients: {
    readonly padaria: ClientRecord;
    readonly clinica: ClientRecord;
    readonly loja: ClientRecord;
    readonly estudio: ClientRecord;
  };
  readonly boardId: BoardId;
}

export interface SeedDemoOptions {
  readonly now?: Date;
  /** Writes the demo tickets into the board's document (see the module comment). */
  readonly fillBoard?: (doc: Y.Doc, seed: DemoSeed) => { readonly changes: readonly AcceptedChange[] } | void;
}

/** Fills an empty store with the demo agency. Throws `ConflictError` if the store has data. */
export async function seedDemo(store: Store, passwords: PasswordHasher, options: SeedDemoOptions = {}): Promise<DemoSeed> {
  const now = options.now ?? new Date();
  if (!(await store.isEmpty())) throw new ConflictError('the demo is only seeded into an empty store');
  const createdAt = now.toISOString();

  const agencyId = newAgencyId();
  await store.agencies.create({ id: agencyId, name: DEMO_AGENCY_NAME, createdAt });

  const staff = (email: string, name: string, role: UserRecord['role']) =>
    createAccount(store, passwords, { agencyId, email, name, role, password: DEMO_PASSWORD, locale: 'pt-BR' }, now);
  const ana = await staff(DEMO_MANAGER_EMAIL, 'Ana', 'atendimento');
  const paulo = await staff('paulo@demo.fluxo', 'Paulo', 'producao');
  const dora = await staff('dora@demo.fluxo', 'Dora', 'admin');

  const client = async (
    name: string,
    emails: string[],
    domains: string[],
    primary: UserRecord,
    backup: UserRecord,
  ): Promise<ClientRecord> => {
    const record: ClientRecord = {
      id: newClientId(),
      agencyId,
      name,
      emails,
      domains,
      primaryManagerId: primary.id,
      backupManagerId: backup.id,
      createdAt,
    };
    await store.clients.create(record);
    return record;
  };
  const padaria = await client('Padaria Pão Dourado', ['marcia@paodourado.com.br'], ['paodourado.com.br'], ana, dora);
  const clinica = await client(DEMO_CLIENT_FOR_LINK, ['recepcao@clinicasorriso.com.br'], ['clinicasorriso.com.br'], ana, dora);
  const loja = await client('Loja Verde Moda', ['contato@verdemoda.com.br'], ['verdemoda.com.br'], dora, ana);

  const boardId = newBoardId();
  await store.boards.create({
    id: boardId,
    agencyId,
    name: DEMO_BOARD_NAME,
    memberIds: [ana.id, paulo.id, dora.id],
    wipLimits: { analysis: 8, production: 6 },
    createdAt,
  });

  // Issue 7: an account manager away this week, whose client Ana covers meanwhile.
  const beatriz = await staff(DEMO_ABSENT_MANAGER_EMAIL, 'Beatriz', 'atendimento');
  const estudio = await client('Estúdio Lótus Yoga', ['ola@lotusyoga.com.br'], ['lotusyoga.com.br'], beatriz, ana);
  await store.boards.update(boardId, { memberIds: [ana.id, paulo.id, dora.id, beatriz.id] });
  const firstDay = await agencyDay(store, agencyId, now);
  await store.absences.create({
    id: newAbsenceId(),
    agencyId,
    userId: beatriz.id,
    from: firstDay,
    to: addDays(firstDay, 6),
    note: 'Férias',
    createdBy: dora.id,
    createdAt,
  });

  // Issue 7: canned replies with the agency's signature rules (seed 002).
  await seedDemoReplies(store, { agencyId, author: dora.id, expertClientId: clinica.id, at: createdAt });

  // Issue 7: the clients' records — contacts, loyalty ladder, a note, a meeting (`demoClients.ts`).
  await seedDemoClientRecords(store, { ana, dora }, { padaria, clinica, loja }, now);

  const seed: DemoSeed = { agencyId, users: { ana, paulo, dora, beatriz }, clients: { padaria, clinica, loja, estudio }, boardId };
  if (options.fillBoard) {
    const doc = new Y.Doc();
    const filled = options.fillBoard(doc, seed);
    if (filled) {
      const witness = createWitness({ store, logger: silentLogger });
      const inTimeOrder = [...filled.changes].sort((a, b) => a.at.getTime() - b.at.getTime());
      for (const change of inTimeOrder) await witness.witness(change, doc);
    }
    await store.boardDocs.replace(boardId, Y.encodeStateAsUpdate(doc));
    doc.destroy();
    // Issue 7: a version waiting for the clinic's approval on its link (`demoApproval.ts`).
    await seedDemoApproval(store, seed, now);
    // Issue 8: the delivered tickets' satisfaction surveys, one answered (`demoSatisfaction.ts`).
    await seedDemoSatisfaction(store, seed, now);
  }
  return seed;
}
