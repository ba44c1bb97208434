import { MAX_CHANNELS_PER_CONTACT, MAX_CONTACT_NAME, MAX_CONTACT_ROLE } from '@fluxo/shared/clients/clientProfile';
import { CONTACT_CHANNEL_KINDS, type ContactChannelKind, MAX_CHANNEL_INPUT, formatPhone, isPhoneKind, normaliseChannelValue } from '@fluxo/shared/clients/contactChannels';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { For, Index, Show, createSignal, createUniqueId } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { type ClientContact, type ClientId, saveContactMutation } from '../data/clients';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { clientProblemKey } from './clientProblem';

interface ChannelRow {
  readonly kind: ContactChannelKind;
  readonly value: string;
}

/**
 * A contact's form (new when `contact` is null). Phones and emails are checked as the server
 * checks them (shared rules) once the person tries to save: each refused value says why under
 * its field (an alert, so it is read out) and nothing is sent. Empty channel rows are dropped.
 * `onDone(name)` after a save, `onDone(null)` on cancel.
 */
export default function ContactForm(props: { clientId: ClientId; contact: ClientContact | null; onDone: (saved: string | null) => void }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const save = useMutation(() => saveContactMutation(trpc, queryClient));
  const id = createUniqueId();
  const [name, setName] = createSignal(props.contact?.name ?? '');
  const [role, setRole] = createSignal(props.contact?.role ?? '');
  const [primary, setPrimary] = createSignal(props.contact?.primary ?? false);
  const [channels, setChannels] = createSignal<ChannelRow[]>(
    props.contact?.channels.map((c) => ({ kind: c.kind, value: isPhoneKind(c.kind) ? formatPhone(c.value) : c.value })) ?? [{ kind: 'mobile', value: '' }],
  );
  const [checked, setChecked] = createSignal(false);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  const filled = () => channels().filter((c) => c.value.trim() !== '');
  const problemOf = (row: ChannelRow) =>
    checked() && row.value.trim() !== '' && normaliseChannelValue(row.kind, row.value) === null
      ? i18n.t(isPhoneKind(row.kind) ? 'client.channel.invalidPhone' : 'client.channel.invalidEmail')
      : null;
  const change = (index: number, patch: Partial<ChannelRow>) => setChannels((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setChecked(true);
    setOutcome(null);
    if (filled().some((row) => normaliseChannelValue(row.kind, row.value) === null)) return;
    const saved = name().trim();
    save.mutate(
      {
        clientId: props.clientId,
        contact: {
          ...(props.contact ? { id: props.contact.id } : {}),
          name: saved,
          ...(role().trim() ? { role: role().trim() } : {}),
          primary: primary(),
          channels: filled().map((row) => ({ kind: row.kind, value: row.value })),
        },
      },
      {
        onSuccess: () => props.onDone(saved),
        onError: (error) => setOutcome({ key: clientProblemKey(error), failed: true }),
      },
    );
  };

  return (
    <form class="client-form" onSubmit={submit} aria-labelledby={`${id}-title`} novalidate>
      <h3 id={`${id}-title`}>{i18n.t(props.contact ? 'client.contacts.form.edit' : 'client.contacts.form.new')}</h3>
      <label>
        {i18n.t('client.contacts.form.name')}
        <input type="text" required maxLength={MAX_CONTACT_NAME} value={name()} onInput={(event) => setName(event.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('client.contacts.form.role')}
        <input type="text" maxLength={MAX_CONTACT_ROLE} value={role()} onInput={(event) => setRole(event.currentTarget.value)} />
      </label>
      <label class="client-form__check">
        <input type="checkbox" checked={primary()} onChange={(event) => setPrimary(event.currentTarget.checked)} />
        {i18n.t('client.contacts.form.primary')}
      </label>
      <fieldset class="client-form__channels">
        <legend>{i18n.t('client.contacts.form.channels')}</legend>
        <Index each={channels()}>
          {(row, index) => {
            const n = index + 1;
            const errorId = `${id}-channel-${index}-error`;
            return (
              <div class="client-form__channel">
                <label>
                  <span class="visually-hidden">{i18n.t('client.contacts.form.kind', { n })}</span>
                  <select value={row().kind} onChange={(event) => change(index, { kind: event.currentTarget.value as ContactChannelKind })}>
                    <For each={CONTACT_CHANNEL_KINDS}>{(kind) => <option value={kind}>{i18n.t(`client.channel.${kind}`)}</option>}</For>
                  </select>
                </label>
                <label>
                  <span class="visually-hidden">{i18n.t('client.contacts.form.value', { n })}</span>
                  <input
                    type={row().kind === 'email' ? 'email' : 'tel'}
                    maxLength={MAX_CHANNEL_INPUT}
                    value={row().value}
                    aria-invalid={problemOf(row()) !== null}
                    aria-describedby={problemOf(row()) !== null ? errorId : undefined}
                    onInput={(event) => change(index, { value: event.currentTarget.value })}
                  />
                </label>
                <button
                  type="button"
                  class="button button--ghost button--small"
                  aria-label={i18n.t('client.contacts.form.removeChannel', { n })}
                  onClick={() => setChannels((rows) => rows.filter((_, i) => i !== index))}
                >
                  ×
                </button>
                <Show when={problemOf(row())}>
                  {(problem) => (
                    <p id={errorId} class="client-form__error" role="alert">
                      {problem()}
                    </p>
                  )}
                </Show>
              </div>
            );
          }}
        </Index>
        <Show when={channels().length < MAX_CHANNELS_PER_CONTACT}>
          <button type="button" class="button button--ghost button--small" onClick={() => setChannels((rows) => [...rows, { kind: 'mobile', value: '' }])}>
            {i18n.t('client.contacts.form.addChannel')}
          </button>
        </Show>
      </fieldset>
      <ActionOutcome outcome={outcome()} class="client-section__outcome" />
      <div class="client-actions">
        <button type="submit" class="button button--primary" disabled={save.isPending || name().trim() === ''}>
          {i18n.t('client.contacts.form.save')}
        </button>
        <button type="button" class="button button--ghost" onClick={() => props.onDone(null)}>
          {i18n.t('client.contacts.form.cancel')}
        </button>
      </div>
    </form>
  );
}
