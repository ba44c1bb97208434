import { LOYALTY_LADDER, type LoyaltyRung, MAX_RUNG_NOTE, loyaltyRung } from '@fluxo/shared/clients/loyaltyLadder';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { type ClientView, setRungMutation } from '../data/clients';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { formatMoment } from '../ticket/ticketDates';
import { clientProblemKey } from './clientProblem';

const OFF_LADDER = '';

/**
 * Escada de lealdade (seed 003): the six rungs with the client's marked, a form to move it (an
 * editor; the rung it is on cannot be chosen again) and every move so far, newest first.
 */
export default function LoyaltySection(props: { client: ClientView }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const save = useMutation(() => setRungMutation(trpc, queryClient));
  const [rung, setRung] = createSignal<string | null>(null);
  const [note, setNote] = createSignal('');
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  const current = () => (props.client.rung === null ? OFF_LADDER : String(props.client.rung));
  const chosen = () => rung() ?? current();
  const name = (value: LoyaltyRung | null) => (value === null ? i18n.t('client.loyalty.form.none') : `${value}º ${i18n.t(loyaltyRung(value).nameKey)}`);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setOutcome(null);
    const value = chosen();
    save.mutate(
      { clientId: props.client.id, rung: value === OFF_LADDER ? null : (Number(value) as LoyaltyRung), ...(note().trim() ? { note: note() } : {}) },
      {
        onSuccess: () => {
          setRung(null);
          setNote('');
          setOutcome({ key: 'client.loyalty.changed', failed: false });
        },
        onError: (error) => setOutcome({ key: clientProblemKey(error), failed: true }),
      },
    );
  };

  return (
    <section class="client-section" aria-labelledby="client-loyalty">
      <h2 id="client-loyalty">{i18n.t('client.loyalty.title')}</h2>
      <Show when={props.client.rung === null}>
        <p>{i18n.t('client.loyalty.none')}</p>
      </Show>
      <ol class="loyalty-ladder">
        <For each={LOYALTY_LADDER}>
          {(step) => (
            <li
              class={`loyalty-ladder__rung loyalty-ladder__rung--${step.slug}`}
              classList={{ 'loyalty-ladder__rung--current': props.client.rung === step.rung }}
              aria-current={props.client.rung === step.rung ? 'step' : undefined}
            >
              <strong>
                {step.rung}º {i18n.t(step.nameKey)}
              </strong>
              <Show when={props.client.rung === step.rung}>
                {' '}
                <span class="client-badge">{i18n.t('client.loyalty.current')}</span>
              </Show>
              <span class="loyalty-ladder__hint">{i18n.t(step.hintKey)}</span>
            </li>
          )}
        </For>
      </ol>
      <Show when={props.client.mayEdit}>
        <form class="client-form client-form--inline" onSubmit={submit}>
          <label>
            {i18n.t('client.loyalty.form.rung')}
            <select value={chosen()} onChange={(event) => setRung(event.currentTarget.value)}>
              <For each={LOYALTY_LADDER}>{(step) => <option value={String(step.rung)}>{name(step.rung)}</option>}</For>
              <option value={OFF_LADDER}>{i18n.t('client.loyalty.form.none')}</option>
            </select>
          </label>
          <label class="client-form__grow">
            {i18n.t('client.loyalty.form.note')}
            <input type="text" maxLength={MAX_RUNG_NOTE} value={note()} onInput={(event) => setNote(event.currentTarget.value)} />
          </label>
          <button type="submit" class="button" disabled={save.isPending || chosen() === current()}>
            {i18n.t('client.loyalty.form.submit')}
          </button>
        </form>
      </Show>
      <ActionOutcome outcome={outcome()} class="client-section__outcome" />
      <h3>{i18n.t('client.loyalty.history')}</h3>
      <Show when={props.client.rungHistory.length > 0} fallback={<p class="empty-state">{i18n.t('client.loyalty.history.empty')}</p>}>
        <ol class="client-history">
          <For each={props.client.rungHistory}>
            {(step) => (
              <li>
                <strong>{i18n.t('client.loyalty.step', { from: name(step.from), to: name(step.rung) })}</strong>
                <span class="client-meta">{i18n.t('client.byAt', { name: step.by.name, at: formatMoment(i18n.locale(), step.at) })}</span>
                <Show when={step.note}>
                  <span class="client-history__note">{step.note}</span>
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
    </section>
  );
}
