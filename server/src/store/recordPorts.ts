/**
 * The record ports (agencies, users, sessions, boards, clients) over a `RecordState`. The
 * in-memory twin and the lowdb adapter share this code and differ only in how a commit is made
 * durable, so the contract suite checks the persistence, not two copies of the same logic.
 */
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { type AgencyId, type UserId, agencyIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';
import type { RecordState } from './recordState.js';
import {
  type ClientRecord,
  agencyRecordSchema,
  attentionRecordSchema,
  boardRecordSchema,
  clientRecordSchema,
  normaliseEmail,
  sessionRecordSchema,
  userRecordSchema,
} from './records.js';
import type {
  AgencyStore,
  AttentionStore,
  BoardStore,
  ClientStore,
  SessionStore,
  TicketNumberStore,
  UserStore,
} from './store.js';

export interface RecordPorts {
  readonly agencies: AgencyStore;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly boards: BoardStore;
  readonly clients: ClientStore;
  readonly ticketNumbers: TicketNumberStore;
  readonly attention: AttentionStore;
  isEmpty(): Promise<boolean>;
}

/** How many numbers one `ticketNumbers.next` call may reserve. */
export const MAX_TICKET_NUMBERS_PER_CALL = 10_000;
const reserveSchema = z.object({
  agencyId: agencyIdSchema,
  count: z.number().int().min(1).max(MAX_TICKET_NUMBERS_PER_CALL),
});

/** Validates a record about to be stored; the message names the first offending field. */
export function checked<S extends z.ZodType>(schema: S, kind: string, candidate: unknown): z.infer<S> {
  const result = schema.safeParse(candidate);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'record';
  throw new InvalidInputError(`invalid ${kind}: ${where}: ${issue?.message ?? 'does not match the schema'}`);
}

const copy = <T>(value: T): T => structuredClone(value);

/** A patch without its `undefined` entries: `{ name: undefined }` leaves the name alone. */
function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0 ? '' : email.slice(at + 1);
}

function normaliseClient(client: ClientRecord): ClientRecord {
  return {
    ...client,
    emails: [...new Set(client.emails.map(normaliseEmail))],
    domains: [...new Set(client.domains.map((d) => d.trim().toLowerCase()))],
  };
}

export function createRecordPorts(state: RecordState): RecordPorts {
  const agencies: AgencyStore = {
    async get(id) {
      const found = state.read().agencies.find((a) => a.id === id);
      return found ? copy(found) : null;
    },
    async list() {
      return copy(state.read().agencies);
    },
    async create(agency) {
      const record = checked(agencyRecordSchema, 'agency', agency);
      return state.commit((data) => {
        if (data.agencies.some((a) => a.id === record.id)) throw new ConflictError('agency id already exists');
        data.agencies.push(record);
      });
    },
  };

  const users: UserStore = {
    async get(id) {
      const found = state.read().users.find((u) => u.id === id);
      return found ? copy(found) : null;
    },
    async findByEmail(email) {
      const wanted = normaliseEmail(email);
      const found = state.read().users.find((u) => u.email === wanted);
      return found ? copy(found) : null;
    },
    async listByAgency(agencyId) {
      return copy(state.read().users.filter((u) => u.agencyId === agencyId));
    },
    async create(user) {
      const record = checked(userRecordSchema, 'user', { ...user, email: normaliseEmail(user.email) });
      return state.commit((data) => {
        if (data.users.some((u) => u.id === record.id)) throw new ConflictError('user id already exists');
        if (data.users.some((u) => u.email === record.email)) throw new ConflictError('email already in use');
        data.users.push(record);
      });
    },
    update(id, rawPatch) {
      const patch = defined(rawPatch);
      return state.commit((data) => {
        const index = data.users.findIndex((u) => u.id === id);
        const current = data.users[index];
        if (!current) throw new NotFoundError('user');
        const next = checked(userRecordSchema, 'user', {
          ...current,
          ...patch,
          ...(patch.email === undefined ? {} : { email: normaliseEmail(patch.email) }),
          id: current.id,
          agencyId: current.agencyId,
        });
        if (data.users.some((u) => u.id !== id && u.email === next.email))
          throw new ConflictError('email already in use');
        data.users[index] = next;
        return copy(next);
      });
    },
  };

  const sessions: SessionStore = {
    async get(tokenHash) {
      const found = state.read().sessions.find((s) => s.tokenHash === tokenHash);
      return found ? copy(found) : null;
    },
    async create(session) {
      const record = checked(sessionRecordSchema, 'session', session);
      return state.commit((data) => {
        if (data.sessions.some((s) => s.tokenHash === record.tokenHash))
          throw new ConflictError('session already exists');
        data.sessions.push(record);
      });
    },
    async extend(tokenHash, expiresAt) {
      if (!state.read().sessions.some((s) => s.tokenHash === tokenHash)) return;
      await state.commit((data) => {
        const index = data.sessions.findIndex((s) => s.tokenHash === tokenHash);
        const current = data.sessions[index];
        if (!current) return;
        data.sessions[index] = checked(sessionRecordSchema, 'session', { ...current, expiresAt });
      });
    },
    async delete(tokenHash) {
      if (!state.read().sessions.some((s) => s.tokenHash === tokenHash)) return;
      await state.commit((data) => {
        data.sessions = data.sessions.filter((s) => s.tokenHash !== tokenHash);
      });
    },
    async deleteForUser(userId) {
      if (!state.read().sessions.some((s) => s.userId === userId)) return 0;
      return state.commit((data) => {
        const before = data.sessions.length;
        data.sessions = data.sessions.filter((s) => s.userId !== userId);
        return before - data.sessions.length;
      });
    },
    async deleteExpired(now) {
      const isExpired = (expiresAt: string) => Date.parse(expiresAt) <= now.getTime();
      if (!state.read().sessions.some((s) => isExpired(s.expiresAt))) return 0;
      return state.commit((data) => {
        const before = data.sessions.length;
        data.sessions = data.sessions.filter((s) => !isExpired(s.expiresAt));
        return before - data.sessions.length;
      });
    },
  };

  const boards: BoardStore = {
    async get(id) {
      const found = state.read().boards.find((b) => b.id === id);
      return found ? copy(found) : null;
    },
    async listByAgency(agencyId) {
      return copy(state.read().boards.filter((b) => b.agencyId === agencyId));
    },
    async listForMember(userId: UserId) {
      return copy(state.read().boards.filter((b) => b.memberIds.includes(userId)));
    },
    async create(board) {
      const record = checked(boardRecordSchema, 'board', { ...board, memberIds: [...new Set(board.memberIds)] });
      return state.commit((data) => {
        if (data.boards.some((b) => b.id === record.id)) throw new ConflictError('board id already exists');
        data.boards.push(record);
      });
    },
    update(id, rawPatch) {
      const patch = defined(rawPatch);
      return state.commit((data) => {
        const index = data.boards.findIndex((b) => b.id === id);
        const current = data.boards[index];
        if (!current) throw new NotFoundError('board');
        const next = checked(boardRecordSchema, 'board', {
          ...current,
          ...patch,
          memberIds: [...new Set(patch.memberIds ?? current.memberIds)],
          id: current.id,
          agencyId: current.agencyId,
        });
        data.boards[index] = next;
        return copy(next);
      });
    },
  };

  const clients: ClientStore = {
    async get(id) {
      const found = state.read().clients.find((c) => c.id === id);
      return found ? copy(found) : null;
    },
    async listByAgency(agencyId: AgencyId) {
      return copy(state.read().clients.filter((c) => c.agencyId === agencyId));
    },
    async findBySender(agencyId, email) {
      const address = normaliseEmail(email);
      const domain = domainOf(address);
      const own = state.read().clients.filter((c) => c.agencyId === agencyId);
      const found =
        own.find((c) => c.emails.includes(address)) ??
        (domain === '' ? undefined : own.find((c) => c.domains.includes(domain)));
      return found ? copy(found) : null;
    },
    async create(client) {
      const record = checked(clientRecordSchema, 'client', normaliseClient(client));
      return state.commit((data) => {
        if (data.clients.some((c) => c.id === record.id)) throw new ConflictError('client id already exists');
        data.clients.push(record);
      });
    },
    update(id, rawPatch) {
      const patch = defined(rawPatch);
      return state.commit((data) => {
        const index = data.clients.findIndex((c) => c.id === id);
        const current = data.clients[index];
        if (!current) throw new NotFoundError('client');
        const next = checked(
          clientRecordSchema,
          'client',
          normaliseClient({ ...current, ...patch, id: current.id, agencyId: current.agencyId }),
        );
        data.clients[index] = next;
        return copy(next);
      });
    },
  };

  const ticketNumbers: TicketNumberStore = {
    next(agencyId, count = 1) {
      let wanted: z.infer<typeof reserveSchema>;
      try {
        wanted = checked(reserveSchema, 'ticket number reservation', { agencyId, count });
      } catch (error) {
        return Promise.reject(error);
      }
      return state.commit((data) => {
        const counter = data.ticketCounters.find((c) => c.agencyId === wanted.agencyId);
        const first = (counter?.last ?? 0) + 1;
        if (counter) counter.last += wanted.count;
        else data.ticketCounters.push({ agencyId: wanted.agencyId, last: wanted.count });
        return first;
      });
    },
  };

  const attention: AttentionStore = {
    async mark(candidates) {
      const records = candidates.map((r) => checked(attentionRecordSchema, 'attention', r));
      const key = (r: { userId: string; ticketId: string }) => `${r.userId}/${r.ticketId}`;
      const marked = new Set(state.read().attention.map(key));
      if (records.every((r) => marked.has(key(r)))) return;
      await state.commit((data) => {
        const present = new Set(data.attention.map(key));
        for (const record of records) {
          if (present.has(key(record))) continue;
          present.add(key(record));
          data.attention.push(record);
        }
      });
    },
    async clear(userId, ticketId) {
      const matches = (r: { userId: string; ticketId: string }) => r.userId === userId && r.ticketId === ticketId;
      if (!state.read().attention.some(matches)) return false;
      return state.commit((data) => {
        const before = data.attention.length;
        data.attention = data.attention.filter((r) => !matches(r));
        return data.attention.length < before;
      });
    },
    async list(userId, boardId) {
      return copy(state.read().attention.filter((r) => r.userId === userId && r.boardId === boardId));
    },
  };

  return {
    agencies,
    users,
    sessions,
    boards,
    clients,
    ticketNumbers,
    attention,
    async isEmpty() {
      const data = state.read();
      return data.agencies.length === 0 && data.users.length === 0;
    },
  };
}
