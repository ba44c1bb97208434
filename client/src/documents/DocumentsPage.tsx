import { useSearchParams } from '@solidjs/router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import type { ClientId } from '@fluxo/shared/ids';
import { For, Match, Show, Switch, createMemo, createSignal } from 'solid-js';
import ActionOutcome, { type Outcome } from '../admin/ActionOutcome';
import { boardsQuery } from '../data/boards';
import { DOCUMENT_CATEGORIES, type DocumentView, archiveDocumentMutation, clientDocumentsQuery } from '../data/documents';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import DocumentItem from './DocumentItem';
import DocumentUploadForm from './DocumentUploadForm';
import { documentRows } from './documentRows';
import { documentProblem } from './documentProblem';
import './documents.css';

const byName = new Intl.Collator('pt-BR', { sensitivity: 'base', numeric: true });

/**
 * `/documents?cliente=<clientId>`: a client's archive grouped by type (briefing, RAFE, …, in
 * the order of a project), each document with its versions; a form files a new client-wide
 * document; archiving hides one from the lists (kept on the server). The client picker lists
 * the clients of the boards the person can open (`boards.list`).
 */
export default function DocumentsPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams<{ cliente?: string }>();
  const boards = useQuery(() => boardsQuery(trpc));
  const clients = createMemo(() => {
    const seen = new Map<string, { id: ClientId; name: string }>();
    for (const board of boards.data ?? []) for (const client of board.clients) seen.set(client.id, client);
    return [...seen.values()].sort((a, b) => byName.compare(a.name, b.name));
  });
  const clientId = () => (typeof params.cliente === 'string' && params.cliente !== '' ? (params.cliente as ClientId) : null);
  const archive = useMutation(() => archiveDocumentMutation(trpc, queryClient));
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  const onArchive = (document: DocumentView) => {
    setOutcome(null);
    archive.mutate(document.id, {
      onSuccess: () => setOutcome({ key: 'document.archived', params: { title: document.title }, failed: false }),
      onError: (error) => setOutcome({ key: documentProblem(error), failed: true }),
    });
  };

  return (
    <div class="page documents-page">
      <h1>{i18n.t('document.page.title')}</h1>
      <p class="documents-page__intro">{i18n.t('document.page.intro')}</p>
      <label class="documents-page__client">
        {i18n.t('document.page.client')}
        <select value={clientId() ?? ''} onChange={(event) => setParams({ cliente: event.currentTarget.value || undefined })}>
          <option value="">—</option>
          {/* `selected` per option: the list arrives after the select, whose value would not wait for it. */}
          <For each={clients()}>
            {(client) => (
              <option value={client.id} selected={client.id === clientId()}>
                {client.name}
              </option>
            )}
          </For>
        </select>
      </label>
      <Show when={boards.isSuccess && clients().length === 0}>
        <p class="empty-state">{i18n.t('document.page.noClients')}</p>
      </Show>
      <Show when={clientId()} fallback={<p class="empty-state">{i18n.t('document.page.chooseClient')}</p>}>
        {(id) => <ClientArchive clientId={id()} onArchive={onArchive} archiving={archive.isPending} outcome={outcome()} />}
      </Show>
    </div>
  );
}

function ClientArchive(props: { clientId: ClientId; onArchive: (d: DocumentView) => void; archiving: boolean; outcome: Outcome | null }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const documents = useQuery(() => clientDocumentsQuery(trpc, props.clientId));
  const rows = documentRows(() => documents.data);
  const categories = createMemo(() => DOCUMENT_CATEGORIES.filter((category) => (documents.data ?? []).some((d) => d.category === category)));
  const idsOf = (category: string) => rows.ids().filter((id) => rows.document(id)?.category === category);
  return (
    <>
      <section class="documents-page__upload" aria-labelledby="documents-upload-heading">
        <h2 id="documents-upload-heading">{i18n.t('document.form.add')}</h2>
        <DocumentUploadForm target={{ kind: 'create', clientId: props.clientId }} />
      </section>
      <ActionOutcome outcome={props.outcome} class="documents-page__outcome" />
      <Switch>
        <Match when={documents.isPending}>
          <p class="notice" role="status">
            {i18n.t('document.loading')}
          </p>
        </Match>
        <Match when={documents.isError}>
          <p class="notice notice--error" role="alert">
            {i18n.t('document.error')}
          </p>
        </Match>
        <Match when={categories().length === 0}>
          <p class="empty-state">{i18n.t('document.empty.client')}</p>
        </Match>
        <Match when={categories().length > 0}>
          <For each={categories()}>
            {(category) => (
              <section class="documents-page__group" aria-labelledby={`documents-${category}`}>
                <h2 id={`documents-${category}`}>{i18n.t(`document.category.${category}`)}</h2>
                <ul class="document-list">
                  <For each={idsOf(category)}>
                    {(id) => (
                      <Show when={rows.document(id)}>
                        {(document) => <DocumentItem document={document()} onArchive={props.onArchive} archiving={props.archiving} />}
                      </Show>
                    )}
                  </For>
                </ul>
              </section>
            )}
          </For>
        </Match>
      </Switch>
    </>
  );
}
