import type { MessageKey, MessageParams } from '@fluxo/shared/i18n/index';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { For, Show, createSignal, createUniqueId } from 'solid-js';
import { DOCUMENT_CATEGORIES, type DocumentCategory, type DocumentView, type FileTarget, fileDocumentMutation } from '../data/documents';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { documentProblem } from './documentProblem';

/** Where a new document goes (`create`), or which document gets a new version (`version`). */
export type UploadFormTarget =
  | { readonly kind: 'create'; readonly clientId: string; readonly boardId?: string; readonly ticketIds?: readonly string[] }
  | { readonly kind: 'version'; readonly document: DocumentView };

/**
 * Uploads a file as a new document (title, type, file, note) or as the next version of one
 * (file, note). While it goes: a progress bar; on failure: why, with everything typed and the
 * chosen file kept so "send" can simply be pressed again; on success: a polite status and an
 * empty form (`onDone` for whoever opened it).
 */
export default function DocumentUploadForm(props: {
  target: UploadFormTarget;
  onDone?: (document: DocumentView) => void;
  onCancel?: () => void;
}) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const send = useMutation(() => fileDocumentMutation(trpc, queryClient));
  const ids = createUniqueId();
  const [file, setFile] = createSignal<File | null>(null);
  const [title, setTitle] = createSignal('');
  const [category, setCategory] = createSignal<DocumentCategory>('briefing');
  const [note, setNote] = createSignal('');
  const [progress, setProgress] = createSignal<number | null>(null);
  const [problem, setProblem] = createSignal<MessageKey | null>(null);
  const [done, setDone] = createSignal<{ key: MessageKey; params: MessageParams } | null>(null);
  let fileInput: HTMLInputElement | undefined;

  const isVersion = () => props.target.kind === 'version';
  const percent = () => Math.round((progress() ?? 0) * 100);
  const ready = () => file() !== null && (isVersion() || title().trim() !== '') && !send.isPending;

  const targetFor = (): FileTarget => {
    const target = props.target;
    if (target.kind === 'version') return { kind: 'version', documentId: target.document.id, note: note() };
    return {
      kind: 'create',
      clientId: target.clientId as Extract<FileTarget, { kind: 'create' }>['clientId'],
      ...(target.boardId !== undefined ? { boardId: target.boardId as NonNullable<Extract<FileTarget, { kind: 'create' }>['boardId']> } : {}),
      ...(target.ticketIds !== undefined
        ? { ticketIds: target.ticketIds as NonNullable<Extract<FileTarget, { kind: 'create' }>['ticketIds']> }
        : {}),
      category: category(),
      title: title().trim(),
      note: note(),
    };
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = file();
    if (chosen === null || !ready()) return;
    setProblem(null);
    setDone(null);
    setProgress(0);
    send.mutate(
      { file: chosen, target: targetFor(), onProgress: setProgress },
      {
        onSuccess: (document) => {
          const latest = document.versions[document.versions.length - 1];
          setDone(
            isVersion()
              ? { key: 'document.versionAdded', params: { version: latest?.version ?? 1, title: document.title } }
              : { key: 'document.created', params: { title: document.title } },
          );
          setFile(null);
          setTitle('');
          setNote('');
          if (fileInput) fileInput.value = '';
          props.onDone?.(document);
        },
        onError: (error) => setProblem(documentProblem(error)),
        onSettled: () => setProgress(null),
      },
    );
  };

  return (
    <form class="document-form" onSubmit={submit} aria-busy={send.isPending}>
      <Show when={!isVersion()}>
        <label for={`${ids}-title`}>{i18n.t('document.form.title')}</label>
        <input id={`${ids}-title`} type="text" maxLength={200} required value={title()} onInput={(e) => setTitle(e.currentTarget.value)} />
        <label for={`${ids}-category`}>{i18n.t('document.form.category')}</label>
        <select id={`${ids}-category`} value={category()} onChange={(e) => setCategory(e.currentTarget.value as DocumentCategory)}>
          <For each={DOCUMENT_CATEGORIES}>{(c) => <option value={c}>{i18n.t(`document.category.${c}`)}</option>}</For>
        </select>
      </Show>
      <label for={`${ids}-file`}>{i18n.t('document.form.file')}</label>
      <input
        id={`${ids}-file`}
        ref={fileInput}
        type="file"
        aria-describedby={`${ids}-limit`}
        onChange={(e) => {
          setFile(e.currentTarget.files?.[0] ?? null);
          setProblem(null);
        }}
      />
      <p id={`${ids}-limit`} class="document-form__hint">
        {i18n.t('document.form.limit')}
      </p>
      <label for={`${ids}-note`}>{i18n.t('document.form.note')}</label>
      <input id={`${ids}-note`} type="text" maxLength={500} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
      <div class="document-form__actions">
        <button type="submit" class="button" disabled={!ready()}>
          {i18n.t(isVersion() ? 'document.form.submitVersion' : 'document.form.submit')}
        </button>
        <Show when={props.onCancel}>
          {(cancel) => (
            <button type="button" class="button button--ghost" onClick={() => cancel()()} disabled={send.isPending}>
              {i18n.t('document.form.cancel')}
            </button>
          )}
        </Show>
      </div>
      <Show when={progress() !== null}>
        <p class="document-form__progress">
          <progress max="100" value={percent()} aria-label={i18n.t('document.uploading', { percent: percent() })} />
          {i18n.t('document.uploading', { percent: percent() })}
        </p>
      </Show>
      <div class="document-form__status" role="status">
        <Show when={done()}>{(outcome) => i18n.t(outcome().key, outcome().params)}</Show>
      </div>
      <Show when={problem()}>
        {(key) => (
          <p class="notice notice--error" role="alert">
            {i18n.t(key())}
          </p>
        )}
      </Show>
    </form>
  );
}
