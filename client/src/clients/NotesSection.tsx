import { MAX_NOTE_BODY } from '@fluxo/shared/clients/clientProfile';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { type ClientNote, type ClientView, addNoteMutation, deleteNoteMutation } from '../data/clients';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { formatMoment } from '../ticket/ticketDates';
import { clientProblemKey } from './clientProblem';

/**
 * Notas: staff-only notes, newest first. Editors add; a note's author or an admin deletes it,
 * which leaves a mark ("Nota excluída por …") rather than a gap — the server keeps the text.
 */
export default function NotesSection(props: { client: ClientView }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const add = useMutation(() => addNoteMutation(trpc, queryClient));
  const remove = useMutation(() => deleteNoteMutation(trpc, queryClient));
  const [body, setBody] = createSignal('');
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);
  const moment = (iso: string) => formatMoment(i18n.locale(), iso);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    setOutcome(null);
    add.mutate(
      { clientId: props.client.id, body: body() },
      {
        onSuccess: () => {
          setBody('');
          setOutcome({ key: 'client.notes.added', failed: false });
        },
        onError: (error) => setOutcome({ key: clientProblemKey(error), failed: true }),
      },
    );
  };
  const deleteNote = (note: ClientNote) => {
    setOutcome(null);
    remove.mutate(
      { clientId: props.client.id, noteId: note.id },
      {
        onSuccess: () => setOutcome({ key: 'client.notes.deleted', failed: false }),
        onError: (error) => setOutcome({ key: clientProblemKey(error), failed: true }),
      },
    );
  };

  return (
    <section class="client-section" aria-labelledby="client-notes">
      <h2 id="client-notes">{i18n.t('client.notes.title')}</h2>
      <Show when={props.client.mayEdit}>
        <form class="client-form" onSubmit={submit}>
          <label>
            {i18n.t('client.notes.form.body')}
            <textarea rows="3" maxLength={MAX_NOTE_BODY} value={body()} onInput={(event) => setBody(event.currentTarget.value)} />
          </label>
          <div class="client-actions">
            <button type="submit" class="button" disabled={add.isPending || body().trim() === ''}>
              {i18n.t('client.notes.form.submit')}
            </button>
          </div>
        </form>
      </Show>
      <ActionOutcome outcome={outcome()} class="client-section__outcome" />
      <Show when={props.client.notes.length > 0} fallback={<p class="empty-state">{i18n.t('client.notes.empty')}</p>}>
        <ul class="client-notes">
          <For each={props.client.notes}>
            {(note) => (
              <li class="client-note" classList={{ 'client-note--deleted': note.deleted !== null }}>
                <Show
                  when={note.deleted}
                  fallback={
                    <>
                      <p class="client-note__body">{note.body}</p>
                      <p class="client-meta">
                        {i18n.t('client.byAt', { name: note.by.name, at: moment(note.at) })}
                        <Show when={note.mayDelete}>
                          {' '}
                          <button
                            type="button"
                            class="button button--ghost button--small"
                            aria-label={i18n.t('client.notes.delete.label', { name: note.by.name, at: moment(note.at) })}
                            disabled={remove.isPending}
                            onClick={() => deleteNote(note)}
                          >
                            {i18n.t('client.notes.delete')}
                          </button>
                        </Show>
                      </p>
                    </>
                  }
                >
                  {(deleted) => <p class="client-meta">{i18n.t('client.notes.deletedMark', { name: deleted().by.name, at: moment(deleted().at) })}</p>}
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}
