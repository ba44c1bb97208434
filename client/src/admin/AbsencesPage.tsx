import type { MessageKey } from '@fluxo/shared/i18n/index';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { TRPCClientError } from '@trpc/client';
import { For, Show, createEffect, createSignal } from 'solid-js';
import {
  type AbsenceItem,
  type CreateAbsenceInput,
  absencePeopleQuery,
  absencesQuery,
  createAbsenceMutation,
  formatAbsenceDay,
  removeAbsenceMutation,
} from '../data/absences';
import { meQuery } from '../data/auth';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import ActionOutcome, { type Outcome } from './ActionOutcome';
import './admin.css';
import QueryList from '../components/QueryList';


/** The most a note may hold (the server refuses more). */
const NOTE_MAX = 200;

const ERROR_KEYS: Readonly<Record<string, MessageKey>> = {
  CONFLICT: 'absence.error.conflict',
  BAD_REQUEST: 'absence.error.invalid',
  FORBIDDEN: 'absence.error.forbidden',
};

function problemKey(error: unknown): MessageKey {
  const code = error instanceof TRPCClientError ? ((error as TRPCClientError<never>).data as { code?: unknown } | undefined)?.code : undefined;
  return (typeof code === 'string' ? ERROR_KEYS[code] : undefined) ?? 'absence.error.generic';
}

/**
 * `/absences` (linked from the header, for all staff): the agency's current and upcoming
 * absences, and a form to record one — an admin for anyone (`absences.people` lists the
 * agency), anyone else for themself only. A person removes their own absence, an admin
 * anyone's (the server enforces the same rule). Notes are for colleagues; no client sees them.
 */
export default function AbsencesPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const me = useQuery(() => meQuery(trpc));
  const people = useQuery(() => absencePeopleQuery(trpc));
  const absences = useQuery(() => absencesQuery(trpc, null));
  const create = useMutation(() => createAbsenceMutation(trpc, queryClient));
  const remove = useMutation(() => removeAbsenceMutation(trpc, queryClient));
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  const [person, setPerson] = createSignal('');
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [note, setNote] = createSignal('');
  // The form starts on me and on today (the server's agency day), once both are known.
  createEffect(() => {
    const id = me.data?.id;
    if (id && person() === '') setPerson(id);
  });
  createEffect(() => {
    const today = absences.data?.today;
    if (today && from() === '') {
      setFrom(today);
      setTo(today);
    }
  });

  const mayManage = (absence: AbsenceItem) => me.data?.role === 'admin' || me.data?.id === absence.user.id;
  const day = (value: string) => formatAbsenceDay(i18n.locale(), value, true);
  const nameOf = (id: string) => people.data?.find((p) => p.id === id)?.name ?? me.data?.name ?? '';

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setOutcome(null);
    const userId = person();
    const name = nameOf(userId);
    create.mutate(
      { userId: userId as CreateAbsenceInput['userId'], from: from(), to: to(), ...(note().trim() ? { note: note() } : {}) },
      {
        onSuccess: () => {
          setNote('');
          setOutcome({ key: 'absence.created', params: { name }, failed: false });
        },
        onError: (error) => setOutcome({ key: problemKey(error), failed: true }),
      },
    );
  };

  const removeRow = (absence: AbsenceItem) => {
    setOutcome(null);
    remove.mutate(absence.id, {
      onSuccess: () => setOutcome({ key: 'absence.removed', params: { name: absence.user.name }, failed: false }),
      onError: (error) => setOutcome({ key: problemKey(error), failed: true }),
    });
  };

  return (
    <div class="page absences">
      <h1>{i18n.t('absence.title')}</h1>
      <p class="absences__intro">{i18n.t('absence.intro')}</p>

      <form class="absences__form" onSubmit={submit}>
        <h2>{i18n.t('absence.form.title')}</h2>
        <Show when={(people.data?.length ?? 0) > 1}>
          <label>
            {i18n.t('absence.form.person')}
            <select value={person()} onChange={(event) => setPerson(event.currentTarget.value)}>
              <For each={people.data}>{(p) => <option value={p.id}>{p.name}</option>}</For>
            </select>
          </label>
        </Show>
        <label>
          {i18n.t('absence.form.from')}
          <input type="date" required value={from()} onInput={(event) => setFrom(event.currentTarget.value)} />
        </label>
        <label>
          {i18n.t('absence.form.to')}
          <input type="date" required min={from()} value={to()} onInput={(event) => setTo(event.currentTarget.value)} />
        </label>
        <label class="absences__note">
          {i18n.t('absence.form.note')}
          <input type="text" maxLength={NOTE_MAX} value={note()} onInput={(event) => setNote(event.currentTarget.value)} />
        </label>
        <button type="submit" class="button" disabled={create.isPending || person() === ''}>
          {i18n.t('absence.form.submit')}
        </button>
      </form>

      <ActionOutcome outcome={outcome()} class="absences__outcome" />

      <h2>{i18n.t('absence.list.title')}</h2>
      <QueryList
        pending={absences.isPending}
        failed={absences.isError}
        rows={absences.data?.absences}
        messages={{ loading: 'absence.loading', error: 'absence.error', empty: 'absence.empty' }}
      >
        {(rows) => (
          <table class="absences__table">
            <thead>
              <tr>
                <th scope="col">{i18n.t('absence.column.person')}</th>
                <th scope="col">{i18n.t('absence.column.days')}</th>
                <th scope="col">{i18n.t('absence.column.note')}</th>
                <th scope="col">{i18n.t('absence.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              <For each={rows()}>
                {(absence) => (
                  <tr>
                    <td>{absence.user.name}</td>
                    <td>
                      {i18n.t('absence.days', { from: day(absence.from), to: day(absence.to) })}
                      <Show when={absence.current}>
                        {' '}
                        <span class="absences__current">{i18n.t('absence.current')}</span>
                      </Show>
                    </td>
                    <td class="absences__note-cell">{absence.note}</td>
                    <td>
                      <Show when={mayManage(absence)}>
                        <button
                          type="button"
                          class="button button--ghost button--small"
                          aria-label={i18n.t('absence.remove.label', { name: absence.user.name, from: day(absence.from), to: day(absence.to) })}
                          disabled={remove.isPending && remove.variables === absence.id}
                          onClick={() => removeRow(absence)}
                        >
                          {i18n.t('absence.remove')}
                        </button>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        )}
      </QueryList>
    </div>
  );
}
