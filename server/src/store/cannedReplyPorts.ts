/**
 * The canned-reply port over a `RecordState`, shared by the in-memory twin and the lowdb adapter
 * like `absencePorts.ts`. Every write validates its whole record (`cannedReplyRecords.ts`:
 * lengths, tones, known placeholders only) before the commit, so a refused write keeps nothing.
 */
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import type { AgencyId } from '@fluxo/shared/ids';
import type { CannedReplyId } from '@fluxo/shared/replies/cannedReply';
import {
  type CannedReplyRecord,
  type SignatureRulesRecord,
  cannedReplyRecordSchema,
  signatureRulesRecordSchema,
} from './cannedReplyRecords.js';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';

export type CannedReplyPatch = Partial<Pick<CannedReplyRecord, 'title' | 'body' | 'tone' | 'clientId' | 'archived'>> &
  Pick<CannedReplyRecord, 'updatedBy' | 'updatedAt'>;

export interface CannedReplyStore {
  /** Stores a new reply; `InvalidInputError` for a bad record, `ConflictError` for a taken id. */
  create(reply: CannedReplyRecord): Promise<void>;
  get(id: CannedReplyId): Promise<CannedReplyRecord | null>;
  /** The agency's replies (archived ones too), in creation order. */
  listByAgency(agencyId: AgencyId): Promise<CannedReplyRecord[]>;
  /** Changes a reply and returns it; `NotFoundError` if there is none, `InvalidInputError` if the result is bad. */
  update(id: CannedReplyId, patch: CannedReplyPatch): Promise<CannedReplyRecord>;
  /** The agency's signature rules, or `null` while it uses the defaults. */
  signatures(agencyId: AgencyId): Promise<SignatureRulesRecord | null>;
  /** Replaces the agency's signature rules; `InvalidInputError` for bad rules. */
  setSignatures(rules: SignatureRulesRecord): Promise<void>;
}

const copy = <T>(value: T): T => structuredClone(value);

export function createCannedReplyPorts(state: RecordState): { cannedReplies: CannedReplyStore } {
  const cannedReplies: CannedReplyStore = {
    async create(candidate) {
      const reply = checked(cannedReplyRecordSchema, 'canned reply', candidate);
      await state.commit((data) => {
        if (data.cannedReplies.some((r) => r.id === reply.id)) throw new ConflictError(`canned reply ${reply.id} exists`);
        data.cannedReplies.push(copy(reply));
      });
    },
    async get(id) {
      const found = state.read().cannedReplies.find((r) => r.id === id);
      return found ? copy(found) : null;
    },
    async listByAgency(agencyId) {
      return copy(state.read().cannedReplies.filter((r) => r.agencyId === agencyId));
    },
    async update(id, patch) {
      return state.commit((data) => {
        const index = data.cannedReplies.findIndex((r) => r.id === id);
        const current = data.cannedReplies[index];
        if (current === undefined) throw new NotFoundError(`canned reply ${id}`);
        const next = checked(cannedReplyRecordSchema, 'canned reply', { ...current, ...definedOf(patch) });
        if (next.id !== current.id || next.agencyId !== current.agencyId) throw new InvalidInputError('a canned reply keeps its id and agency');
        data.cannedReplies[index] = next;
        return copy(next);
      });
    },
    async signatures(agencyId) {
      const found = state.read().signatureRules.find((r) => r.agencyId === agencyId);
      return found ? copy(found) : null;
    },
    async setSignatures(candidate) {
      const rules = checked(signatureRulesRecordSchema, 'signature rules', candidate);
      await state.commit((data) => {
        data.signatureRules = [...data.signatureRules.filter((r) => r.agencyId !== rules.agencyId), copy(rules)];
      });
    },
  };
  return { cannedReplies };
}

/** A patch without its `undefined` entries: `{ title: undefined }` leaves the title alone. */
function definedOf<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}
