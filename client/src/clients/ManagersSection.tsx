import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { type ClientView, type StaffId, setManagersMutation } from '../data/clients';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { clientProblemKey } from './clientProblem';

const NOBODY = '';

/**
 * Atendimento: who answers the client first and who backs them up. Admins change them (any staff
 * of the agency, two different people); everyone else reads.
 */
export default function ManagersSection(props: { client: ClientView }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const save = useMutation(() => setManagersMutation(trpc, queryClient));
  const [primary, setPrimary] = createSignal<string | null>(null);
  const [backup, setBackup] = createSignal<string | null>(null);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  // The form shows the stored managers until the person picks others.
  const chosenPrimary = () => primary() ?? props.client.primaryManager?.id ?? NOBODY;
  const chosenBackup = () => backup() ?? props.client.backupManager?.id ?? NOBODY;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setOutcome(null);
    const backupId = chosenBackup();
    save.mutate(
      {
        clientId: props.client.id,
        primaryManagerId: chosenPrimary() as StaffId,
        backupManagerId: backupId === NOBODY ? null : (backupId as StaffId),
      },
      {
        onSuccess: () => {
          setPrimary(null);
          setBackup(null);
          setOutcome({ key: 'client.managers.saved', failed: false });
        },
        onError: (error) => setOutcome({ key: clientProblemKey(error), failed: true }),
      },
    );
  };

  return (
    <section class="client-section" aria-labelledby="client-managers">
      <h2 id="client-managers">{i18n.t('client.managers.title')}</h2>
      <dl class="client-facts">
        <dt>{i18n.t('client.managers.primary')}</dt>
        <dd>{props.client.primaryManager?.name ?? i18n.t('client.managers.none')}</dd>
        <dt>{i18n.t('client.managers.backup')}</dt>
        <dd>{props.client.backupManager?.name ?? i18n.t('client.managers.none')}</dd>
      </dl>
      <Show when={props.client.mayAssign}>
        <form class="client-form client-form--inline" onSubmit={submit}>
          <label>
            {i18n.t('client.managers.primary')}
            <select value={chosenPrimary()} onChange={(event) => setPrimary(event.currentTarget.value)}>
              <For each={props.client.staff}>{(person) => <option value={person.id}>{person.name}</option>}</For>
            </select>
          </label>
          <label>
            {i18n.t('client.managers.backup')}
            <select value={chosenBackup()} onChange={(event) => setBackup(event.currentTarget.value)}>
              <option value={NOBODY}>{i18n.t('client.managers.none')}</option>
              <For each={props.client.staff}>{(person) => <option value={person.id}>{person.name}</option>}</For>
            </select>
          </label>
          <button type="submit" class="button" disabled={save.isPending || chosenPrimary() === NOBODY || chosenPrimary() === chosenBackup()}>
            {i18n.t('client.managers.save')}
          </button>
        </form>
      </Show>
      <ActionOutcome outcome={outcome()} class="client-section__outcome" />
    </section>
  );
}
