import { Show, For, createSignal } from 'solid-js';
import type { Outcome } from '../admin/ActionOutcome';
import ActionOutcome from '../admin/ActionOutcome';
import type { ClientMeeting, ClientView } from '../data/clients';
import { useI18n } from '../i18n/locale';
import { formatMoment } from '../ticket/ticketDates';
import MeetingForm from './MeetingForm';

/**
 * Reuniões: the meetings held with the client, newest first — kind (seed 000's briefing, rafe,
 * wireframe, final layout, pós-venda), time, attendees and minutes (ata). Editors record one or
 * correct one; the record keeps who recorded it.
 */
export default function MeetingsSection(props: { client: ClientView }) {
  const i18n = useI18n();
  /** `null`: no form open; `'new'`: recording; otherwise the meeting being corrected. */
  const [editing, setEditing] = createSignal<'new' | ClientMeeting | null>(null);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  const open = (target: 'new' | ClientMeeting) => {
    setOutcome(null);
    setEditing(target);
  };
  const finish = (saved: string | null) => {
    setEditing(null);
    if (saved !== null) setOutcome({ key: 'client.meetings.saved', params: { title: saved }, failed: false });
  };

  return (
    <section class="client-section" aria-labelledby="client-meetings">
      <h2 id="client-meetings">{i18n.t('client.meetings.title')}</h2>
      <ActionOutcome outcome={outcome()} class="client-section__outcome" />
      <Show when={props.client.mayEdit}>
        <Show
          when={editing()}
          fallback={
            <button type="button" class="button" onClick={() => open('new')}>
              {i18n.t('client.meetings.add')}
            </button>
          }
        >
          {(current) => {
            const chosen = current();
            return <MeetingForm clientId={props.client.id} meeting={chosen === 'new' ? null : chosen} onDone={finish} />;
          }}
        </Show>
      </Show>
      <Show when={props.client.meetings.length > 0} fallback={<p class="empty-state">{i18n.t('client.meetings.empty')}</p>}>
        <ul class="client-meetings">
          <For each={props.client.meetings}>
            {(meeting) => (
              <li class="client-meeting">
                <h3>{meeting.title}</h3>
                <p class="client-meta">
                  <Show when={meeting.kind}>{(kind) => <span class="client-badge">{i18n.t(`meeting.kind.${kind()}`)}</span>}</Show>{' '}
                  <time datetime={meeting.at}>{formatMoment(i18n.locale(), meeting.at)}</time>
                </p>
                <Show when={meeting.attendees.length > 0}>
                  <p>{i18n.t('client.meetings.attendees', { names: meeting.attendees.join(', ') })}</p>
                </Show>
                <Show when={meeting.minutes}>
                  <p class="client-meeting__minutes">{meeting.minutes}</p>
                </Show>
                <p class="client-meta">
                  {i18n.t('client.meetings.recordedBy', { name: meeting.createdBy.name })}
                  <Show when={props.client.mayEdit && editing() === null}>
                    {' '}
                    <button
                      type="button"
                      class="button button--ghost button--small"
                      aria-label={i18n.t('client.meetings.edit.label', { title: meeting.title })}
                      onClick={() => open(meeting)}
                    >
                      {i18n.t('client.meetings.edit')}
                    </button>
                  </Show>
                </p>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
