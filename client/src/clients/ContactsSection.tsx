import { type ContactChannel, formatPhone, isPhoneKind, whatsappUrl } from '@fluxo/shared/clients/contactChannels';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { type ClientContact, type ClientView, removeContactMutation } from '../data/clients';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import ContactForm from './ContactForm';
import { clientProblemKey } from './clientProblem';

/** Where a channel leads: a call, an email, a WhatsApp chat (when the number says its country). */
function channelHref(channel: ContactChannel): string | null {
  if (channel.kind === 'email') return `mailto:${channel.value}`;
  if (channel.kind === 'whatsapp') return whatsappUrl(channel.value);
  return `tel:${channel.value}`;
}

/** Contatos: the client's people and how to reach them; editors add, edit and remove them. */
export default function ContactsSection(props: { client: ClientView }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const remove = useMutation(() => removeContactMutation(trpc, queryClient));
  /** `null`: no form open; `'new'`: adding; otherwise the contact being edited. */
  const [editing, setEditing] = createSignal<'new' | ClientContact | null>(null);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  const shown = (channel: ContactChannel) => (isPhoneKind(channel.kind) ? formatPhone(channel.value) : channel.value);
  const removeContact = (contact: ClientContact) => {
    setOutcome(null);
    remove.mutate(
      { clientId: props.client.id, contactId: contact.id },
      {
        onSuccess: () => setOutcome({ key: 'client.contacts.removed', params: { name: contact.name }, failed: false }),
        onError: (error) => setOutcome({ key: clientProblemKey(error), failed: true }),
      },
    );
  };
  const finish = (saved: string | null) => {
    setEditing(null);
    if (saved !== null) setOutcome({ key: 'client.contacts.saved', params: { name: saved }, failed: false });
  };

  return (
    <section class="client-section" aria-labelledby="client-contacts">
      <h2 id="client-contacts">{i18n.t('client.contacts.title')}</h2>
      <Show when={props.client.contacts.length > 0} fallback={<p class="empty-state">{i18n.t('client.contacts.empty')}</p>}>
        <ul class="client-contacts">
          <For each={props.client.contacts}>
            {(contact) => (
              <li class="client-contact">
                <p class="client-contact__name">
                  <strong>{contact.name}</strong>
                  <Show when={contact.role}>{(role) => <span> · {role()}</span>}</Show>
                  <Show when={contact.primary}>
                    {' '}
                    <span class="client-badge">{i18n.t('client.contacts.primary')}</span>
                  </Show>
                </p>
                <ul class="client-contact__channels">
                  <For each={contact.channels}>
                    {(channel) => (
                      <li>
                        <span class="client-contact__kind">{i18n.t(`client.channel.${channel.kind}`)}: </span>
                        <Show when={channelHref(channel)} fallback={shown(channel)}>
                          {(href) => (
                            <a href={href()} {...(channel.kind === 'whatsapp' ? { target: '_blank', rel: 'noopener noreferrer' } : {})}>
                              {shown(channel)}
                            </a>
                          )}
                        </Show>
                      </li>
                    )}
                  </For>
                </ul>
                <Show when={props.client.mayEdit && editing() === null}>
                  <div class="client-actions">
                    <button
                      type="button"
                      class="button button--ghost button--small"
                      aria-label={i18n.t('client.contacts.edit.label', { name: contact.name })}
                      onClick={() => {
                        setOutcome(null);
                        setEditing(contact);
                      }}
                    >
                      {i18n.t('client.contacts.edit')}
                    </button>
                    <button
                      type="button"
                      class="button button--ghost button--small"
                      aria-label={i18n.t('client.contacts.remove.label', { name: contact.name })}
                      disabled={remove.isPending}
                      onClick={() => removeContact(contact)}
                    >
                      {i18n.t('client.contacts.remove')}
                    </button>
                  </div>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ActionOutcome outcome={outcome()} class="client-section__outcome" />
      <Show when={props.client.mayEdit}>
        <Show
          when={editing()}
          fallback={
            <button
              type="button"
              class="button"
              onClick={() => {
                setOutcome(null);
                setEditing('new');
              }}
            >
              {i18n.t('client.contacts.add')}
            </button>
          }
        >
          {(current) => {
            const chosen = current();
            return <ContactForm clientId={props.client.id} contact={chosen === 'new' ? null : chosen} onDone={finish} />;
          }}
        </Show>
      </Show>
    </section>
  );
}
