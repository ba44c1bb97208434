import {
  MAX_MEETING_ATTENDEES,
  MAX_MEETING_MINUTES,
  MAX_MEETING_TITLE,
  MEETING_KINDS,
  type MeetingKind,
} from '@fluxo/shared/clients/clientProfile';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { For, createSignal, createUniqueId } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { type ClientId, type ClientMeeting, type MeetingFields, addMeetingMutation, updateMeetingMutation } from '../data/clients';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { clientProblemKey } from './clientProblem';
import { isoToLocalInput, localInputToIso } from './clientDates';

const NO_KIND = '';

/**
 * A meeting's form (new when `meeting` is null): title, time (the browser's wall clock), kind,
 * attendees one per line, minutes. Correcting a meeting keeps its linked board and tickets.
 * `onDone(title)` after a save, `onDone(null)` on cancel.
 */
export default function MeetingForm(props: { clientId: ClientId; meeting: ClientMeeting | null; onDone: (saved: string | null) => void }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const add = useMutation(() => addMeetingMutation(trpc, queryClient));
  const update = useMutation(() => updateMeetingMutation(trpc, queryClient));
  const id = createUniqueId();
  const [title, setTitle] = createSignal(props.meeting?.title ?? '');
  const [at, setAt] = createSignal(props.meeting ? isoToLocalInput(props.meeting.at) : '');
  const [kind, setKind] = createSignal<string>(props.meeting?.kind ?? NO_KIND);
  const [attendees, setAttendees] = createSignal(props.meeting?.attendees.join('\n') ?? '');
  const [minutes, setMinutes] = createSignal(props.meeting?.minutes ?? '');
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  const pending = () => add.isPending || update.isPending;

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setOutcome(null);
    const instant = localInputToIso(at());
    if (instant === null) {
      setOutcome({ key: 'client.error.invalid', failed: true });
      return;
    }
    const saved = title().trim();
    const fields: MeetingFields = {
      title: saved,
      at: instant,
      ...(kind() !== NO_KIND ? { kind: kind() as MeetingKind } : {}),
      attendees: attendees()
        .split('\n')
        .map((name) => name.trim())
        .filter((name) => name !== '')
        .slice(0, MAX_MEETING_ATTENDEES),
      minutes: minutes(),
      ...(props.meeting?.boardId ? { boardId: props.meeting.boardId } : {}),
      ...(props.meeting ? { ticketIds: props.meeting.ticketIds } : {}),
    };
    const callbacks = {
      onSuccess: () => props.onDone(saved),
      onError: (error: unknown) => setOutcome({ key: clientProblemKey(error), failed: true }),
    };
    const current = props.meeting;
    if (current) update.mutate({ clientId: props.clientId, meetingId: current.id, meeting: fields }, callbacks);
    else add.mutate({ clientId: props.clientId, meeting: fields }, callbacks);
  };

  return (
    <form class="client-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{i18n.t(props.meeting ? 'client.meetings.form.edit' : 'client.meetings.form.new')}</h3>
      <label>
        {i18n.t('client.meetings.form.title')}
        <input type="text" required maxLength={MAX_MEETING_TITLE} value={title()} onInput={(event) => setTitle(event.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('client.meetings.form.at')}
        <input type="datetime-local" required value={at()} onInput={(event) => setAt(event.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('client.meetings.form.kind')}
        <select value={kind()} onChange={(event) => setKind(event.currentTarget.value)}>
          <option value={NO_KIND}>{i18n.t('client.meetings.form.kindNone')}</option>
          <For each={MEETING_KINDS}>{(k) => <option value={k}>{i18n.t(`meeting.kind.${k}`)}</option>}</For>
        </select>
      </label>
      <label>
        {i18n.t('client.meetings.form.attendees')}
        <textarea rows="3" value={attendees()} onInput={(event) => setAttendees(event.currentTarget.value)} />
      </label>
      <label>
        {i18n.t('client.meetings.form.minutes')}
        <textarea rows="6" maxLength={MAX_MEETING_MINUTES} value={minutes()} onInput={(event) => setMinutes(event.currentTarget.value)} />
      </label>
      <ActionOutcome outcome={outcome()} class="client-section__outcome" />
      <div class="client-actions">
        <button type="submit" class="button button--primary" disabled={pending() || title().trim() === '' || at() === ''}>
          {i18n.t('client.meetings.form.save')}
        </button>
        <button type="button" class="button button--ghost" onClick={() => props.onDone(null)}>
          {i18n.t('client.meetings.form.cancel')}
        </button>
      </div>
    </form>
  );
}
