import { MAX_EXPERT_NAME, MAX_SIGNATURE, unknownPlaceholders } from '@fluxo/shared/replies/cannedReply';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { For, Index, Show, createEffect, createSignal } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { type ReplyClient, type SignatureRulesInput, setSignaturesMutation, signatureRulesQuery } from '../data/replies';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { replyProblem } from './replyProblem';

interface ExpertRow {
  readonly key: number;
  readonly clientId: string;
  readonly name: string;
}

/**
 * The agency's signature rules (admins only; `replies.signatures` / `setSignatures`): the
 * template that signs support answers (default "Equipe de Suporte de {especialista}"), the one
 * that signs praise (default "{especialista}"), and per client the expert's name when it is not
 * the client's own ("Dra. Helena Prado" for Clínica Sorriso). Plain replies are never signed.
 * The form starts from the stored rules (or the defaults) once they arrive.
 */
export default function SignatureRulesForm(props: { clients: readonly ReplyClient[] }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const rules = useQuery(() => signatureRulesQuery(trpc));
  const saveRules = useMutation(() => setSignaturesMutation(trpc, queryClient));
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  const [support, setSupport] = createSignal('');
  const [praise, setPraise] = createSignal('');
  const [experts, setExperts] = createSignal<readonly ExpertRow[]>([]);
  const [loaded, setLoaded] = createSignal(false);
  let nextKey = 0;

  createEffect(() => {
    const answer = rules.data;
    if (!answer || loaded()) return;
    setSupport(answer.rules.support);
    setPraise(answer.rules.praise);
    setExperts(answer.rules.experts.map((e) => ({ key: nextKey++, clientId: e.clientId, name: e.name })));
    setLoaded(true);
  });

  const update = (key: number, patch: Partial<Omit<ExpertRow, 'key'>>) =>
    setExperts((rows) => rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setOutcome(null);
    const unknown = [...unknownPlaceholders(support()), ...unknownPlaceholders(praise())];
    if (unknown.length > 0) {
      setOutcome({ key: 'replies.error.placeholders', params: { names: unknown.join(', ') }, failed: true });
      return;
    }
    const rows = experts().filter((row) => row.clientId !== '' && row.name.trim() !== '');
    if (new Set(rows.map((row) => row.clientId)).size !== rows.length) {
      setOutcome({ key: 'replies.error.expertTwice', failed: true });
      return;
    }
    const input: SignatureRulesInput = {
      support: support(),
      praise: praise(),
      experts: rows.map((row) => ({ clientId: row.clientId as SignatureRulesInput['experts'][number]['clientId'], name: row.name })),
    };
    saveRules.mutate(input, {
      onSuccess: () => setOutcome({ key: 'replies.signatures.saved', failed: false }),
      onError: (error) => setOutcome({ key: replyProblem(error), failed: true }),
    });
  };

  return (
    <form class="replies-page__signatures" onSubmit={submit}>
      <h2>{i18n.t('replies.signatures.title')}</h2>
      <p class="replies-page__help">{i18n.t('replies.signatures.intro')}</p>
      <Show when={rules.isError}>
        <p class="notice notice--error" role="alert">
          {i18n.t('replies.loadError')}
        </p>
      </Show>
      <label>
        {i18n.t('replies.signatures.support')}
        <input type="text" maxLength={MAX_SIGNATURE} value={support()} disabled={!loaded()} onInput={(e) => setSupport(e.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('replies.signatures.praise')}
        <input type="text" maxLength={MAX_SIGNATURE} value={praise()} disabled={!loaded()} onInput={(e) => setPraise(e.currentTarget.value)} />
      </label>
      <p class="replies-page__help">{i18n.t('replies.signatures.plain')}</p>
      <h3>{i18n.t('replies.signatures.experts')}</h3>
      <Index each={experts()}>
        {(row) => (
          <div class="replies-page__expert">
            <label>
              {i18n.t('replies.signatures.expertClient')}
              <select value={row().clientId} onChange={(e) => update(row().key, { clientId: e.currentTarget.value })}>
                <option value="">—</option>
                <For each={props.clients}>{(c) => <option value={c.id}>{c.name}</option>}</For>
              </select>
            </label>
            <label>
              {i18n.t('replies.signatures.expertName')}
              <input type="text" maxLength={MAX_EXPERT_NAME} value={row().name} onInput={(e) => update(row().key, { name: e.currentTarget.value })} />
            </label>
            <button
              type="button"
              class="button button--ghost button--small"
              onClick={() => setExperts((rows) => rows.filter((r) => r.key !== row().key))}
            >
              {i18n.t('replies.signatures.removeExpert')}
            </button>
          </div>
        )}
      </Index>
      <div class="replies-page__actions">
        <button
          type="button"
          class="button button--ghost button--small"
          disabled={!loaded()}
          onClick={() => setExperts((rows) => [...rows, { key: nextKey++, clientId: '', name: '' }])}
        >
          {i18n.t('replies.signatures.addExpert')}
        </button>
        <button type="submit" class="button" disabled={!loaded() || saveRules.isPending}>
          {i18n.t('replies.signatures.save')}
        </button>
      </div>
      <ActionOutcome outcome={outcome()} class="replies-page__outcome" />
    </form>
  );
}
