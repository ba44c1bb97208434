import { useQuery } from '@tanstack/solid-query';
import type { BoardId, ClientId, TicketId } from '@fluxo/shared/ids';
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { ticketDocumentsQuery } from '../data/documents';
import { useTrpc } from '../data/trpc';
import DocumentItem from '../documents/DocumentItem';
import { documentRows } from '../documents/documentRows';
import DocumentUploadForm from '../documents/DocumentUploadForm';
import { useI18n } from '../i18n/locale';
import '../documents/documents.css';

/**
 * The drawer's "Documentos": the documents filed with this ticket (`documents.listForTicket`),
 * each with its current version, download and earlier versions, and — once the ticket has a
 * client — a form to file a new one (it belongs to the ticket's client, this board, this ticket).
 */
export default function TicketDocuments(props: { boardId: BoardId; ticketId: TicketId; clientId: ClientId | null }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const documents = useQuery(() => ticketDocumentsQuery(trpc, props.boardId, props.ticketId));
  const rows = documentRows(() => documents.data);
  const [adding, setAdding] = createSignal(false);
  const headingId = `ticket-documents-${props.ticketId}`;

  return (
    <section class="ticket-documents" aria-labelledby={headingId}>
      <h3 id={headingId}>{i18n.t('document.section.title')}</h3>
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
        <Match when={documents.data?.length === 0}>
          <p class="empty-state">{i18n.t('document.empty.ticket')}</p>
        </Match>
        <Match when={documents.data}>
          <ul class="document-list">
            <For each={rows.ids()}>{(id) => <Show when={rows.document(id)}>{(document) => <DocumentItem document={document()} />}</Show>}</For>
          </ul>
        </Match>
      </Switch>
      <Show when={props.clientId} fallback={<p class="document-form__hint">{i18n.t('document.noClient')}</p>}>
        {(clientId) => (
          <>
            <button type="button" class="button button--ghost" aria-expanded={adding()} onClick={() => setAdding(!adding())}>
              {i18n.t('document.form.add')}
            </button>
            <Show when={adding()}>
              <DocumentUploadForm
                target={{ kind: 'create', clientId: clientId(), boardId: props.boardId, ticketIds: [props.ticketId] }}
                onCancel={() => setAdding(false)}
              />
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}
