/**
 * The canned-reply port's contract, run on both adapters (the lowdb one also across a restart,
 * and on a `fluxo.json` written before canned replies existed).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError, InvalidInputError, NotFoundError } from '@fluxo/shared/errors';
import { type AgencyId, type UserId, newAgencyId, newClientId, newUserId } from '@fluxo/shared/ids';
import { type CannedReplyId, newCannedReplyId } from '@fluxo/shared/replies/cannedReply';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CannedReplyRecord, SignatureRulesRecord } from './cannedReplyRecords.js';
import { DATA_FILE_NAME, openLowdbStore } from './lowdbStore.js';
import type { Store } from './store.js';
import { STORE_ADAPTERS, type StoreHarness } from './testing/storeAdapters.js';

type Harness = StoreHarness;
const adapters = STORE_ADAPTERS;

const AT = '2025-03-10T12:00:00.000Z';

function reply(agencyId: AgencyId, author: UserId, fields: Partial<CannedReplyRecord> = {}): CannedReplyRecord {
  return {
    id: newCannedReplyId(),
    agencyId,
    title: 'Dúvida de acesso',
    body: 'Olá! Seu acesso foi reenviado. Pedido {ticket}.',
    tone: 'support',
    clientId: null,
    archived: false,
    createdBy: author,
    createdAt: AT,
    updatedBy: author,
    updatedAt: AT,
    ...fields,
  };
}

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

for (const [name, createHarness] of Object.entries(adapters)) {
  describe(`canned reply port: ${name}`, () => {
    let harness: Harness;
    let store: Store;
    const agencyId = newAgencyId();
    const ana = newUserId();

    beforeEach(async () => {
      harness = await createHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      await store.close();
      await harness.cleanup();
    });

    it('stores, lists per agency in creation order, updates, archives, and keeps them across a restart', async () => {
      const support = reply(agencyId, ana);
      const praise = reply(agencyId, ana, { title: 'Elogio', body: 'Obrigada! 💛', tone: 'praise', clientId: newClientId() });
      const elsewhere = reply(newAgencyId(), newUserId());
      for (const r of [support, praise, elsewhere]) await store.cannedReplies.create(r);
      expect((await store.cannedReplies.listByAgency(agencyId)).map((r) => r.id)).toEqual([support.id, praise.id]);
      expect(await store.cannedReplies.get(praise.id)).toEqual(praise);
      await expect(store.cannedReplies.create(support)).rejects.toBeInstanceOf(ConflictError);

      const dora = newUserId();
      const edited = await store.cannedReplies.update(support.id, { title: 'Acesso', updatedBy: dora, updatedAt: '2025-03-11T09:00:00.000Z' });
      expect(edited).toEqual({ ...support, title: 'Acesso', updatedBy: dora, updatedAt: '2025-03-11T09:00:00.000Z' });
      await store.cannedReplies.update(praise.id, { archived: true, updatedBy: dora, updatedAt: AT });
      await expect(store.cannedReplies.update(newCannedReplyId(), { archived: true, updatedBy: dora, updatedAt: AT })).rejects.toBeInstanceOf(NotFoundError);

      if (harness.dir !== null) {
        await store.close();
        store = await harness.open();
      }
      const listed = await store.cannedReplies.listByAgency(agencyId);
      expect(listed.map((r) => [r.title, r.archived])).toEqual([
        ['Acesso', false],
        ['Elogio', true],
      ]);
      expect(await store.cannedReplies.get('NoSuchReply00000' as CannedReplyId)).toBeNull();
    });

    it('refuses unknown placeholders, overlong or empty texts and bad tones — and keeps nothing of them', async () => {
      const message = async (promise: Promise<unknown>) => {
        const error = await refusal(promise);
        expect(error).toBeInstanceOf(InvalidInputError);
        return (error as Error).message;
      };
      expect(await message(store.cannedReplies.create(reply(agencyId, ana, { body: 'Oi {nome}, {cliente}' })))).toMatch(
        'unknown placeholder {nome}: use {especialista}, {cliente}, {atendente}, {ticket}',
      );
      expect(await message(store.cannedReplies.create(reply(agencyId, ana, { title: 'x'.repeat(121) })))).toMatch('at most 120');
      expect(await message(store.cannedReplies.create(reply(agencyId, ana, { body: 'x'.repeat(5001) })))).toMatch('at most 5000');
      expect(await message(store.cannedReplies.create(reply(agencyId, ana, { body: '  ' })))).toMatch('cannot be empty');
      expect(await message(store.cannedReplies.create(reply(agencyId, ana, { tone: 'formal' as never })))).toMatch('tone');
      expect(await store.cannedReplies.listByAgency(agencyId)).toEqual([]);

      const kept = reply(agencyId, ana);
      await store.cannedReplies.create(kept);
      expect(await message(store.cannedReplies.update(kept.id, { body: 'Equipe {marca}', updatedBy: ana, updatedAt: AT }))).toMatch('{marca}');
      expect(await store.cannedReplies.get(kept.id)).toEqual(kept);
    });

    it('keeps one set of signature rules per agency, replaced whole, validated', async () => {
      expect(await store.cannedReplies.signatures(agencyId)).toBeNull();
      const clinic = newClientId();
      const rules: SignatureRulesRecord = {
        agencyId,
        support: 'Equipe de Suporte de {especialista}',
        praise: '— {especialista}',
        experts: [{ clientId: clinic, name: 'Dra. Helena Prado' }],
        updatedBy: ana,
        updatedAt: AT,
      };
      await store.cannedReplies.setSignatures(rules);
      await store.cannedReplies.setSignatures({ ...rules, agencyId: newAgencyId(), praise: '' });
      const error = await refusal(store.cannedReplies.setSignatures({ ...rules, support: 'Time {time}' }));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toMatch('{time}');
      const twice = await refusal(
        store.cannedReplies.setSignatures({ ...rules, experts: [...rules.experts, { clientId: clinic, name: 'Outra' }] }),
      );
      expect(twice).toBeInstanceOf(InvalidInputError);
      expect(await store.cannedReplies.signatures(agencyId)).toEqual(rules);

      await store.cannedReplies.setSignatures({ ...rules, experts: [] });
      if (harness.dir !== null) {
        await store.close();
        store = await harness.open();
      }
      expect(await store.cannedReplies.signatures(agencyId)).toEqual({ ...rules, experts: [] });
    });

    it('returns copies', async () => {
      const r = reply(agencyId, ana);
      await store.cannedReplies.create(r);
      const [listed] = await store.cannedReplies.listByAgency(agencyId);
      (listed as CannedReplyRecord).title = 'mudado';
      expect((await store.cannedReplies.get(r.id))?.title).toBe(r.title);
    });
  });
}

describe('canned replies in fluxo.json', () => {
  it('opens a file written before canned replies existed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fluxo-replies-old-'));
    try {
      const store = await openLowdbStore(dir);
      await store.agencies.create({ id: newAgencyId(), name: 'Agência', createdAt: AT });
      await store.close();
      const file = join(dir, DATA_FILE_NAME);
      const data = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      delete data.cannedReplies;
      delete data.signatureRules;
      await writeFile(file, JSON.stringify(data));
      const reopened = await openLowdbStore(dir);
      const agencyId = newAgencyId();
      expect(await reopened.cannedReplies.listByAgency(agencyId)).toEqual([]);
      expect(await reopened.cannedReplies.signatures(agencyId)).toBeNull();
      await reopened.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
