import { A, useParams } from '@solidjs/router';
import { useQuery } from '@tanstack/solid-query';
import { Match, Show, Switch } from 'solid-js';
import { type ClientId, clientQuery } from '../data/clients';
import { describeRequestError } from '../data/requestError';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import ClientReportSection from './ClientReportSection';
import ContactsSection from './ContactsSection';
import LoyaltySection from './LoyaltySection';
import ManagersSection from './ManagersSection';
import MeetingsSection from './MeetingsSection';
import NotesSection from './NotesSection';
import './clients.css';

/**
 * `/clients/:clientId`: one client's record — Contatos, Atendimento, Escada de lealdade (with its
 * history), Notas, Reuniões — from `clients.get`. Everyone of the agency reads it; the sections
 * offer their forms only when the server says the person may edit (`mayEdit`) or name the
 * managers (`mayAssign`), and the server checks again. Staff only: no client ever sees it.
 */
export default function ClientRecordPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const params = useParams<{ clientId: string }>();
  const client = useQuery(() => clientQuery(trpc, params.clientId as ClientId));

  return (
    <div class="page client-record">
      <A href="/clients" class="client-record__back">
        ← {i18n.t('client.back')}
      </A>
      <Switch>
        <Match when={client.isPending}>
          <p class="notice" role="status">
            {i18n.t('client.loading')}
          </p>
        </Match>
        <Match when={client.isError}>
          <p class="notice notice--error" role="alert">
            {describeRequestError(client.error).kind === 'not_found' ? i18n.t('client.notFound') : i18n.t('client.error')}
          </p>
        </Match>
        <Match when={client.data}>
          {(view) => (
            <>
              <h1>{view().name}</h1>
              <p class="client-record__note">
                {i18n.t('client.staffOnly')}
                <Show when={!view().mayEdit}> {i18n.t('client.readOnly')}</Show>
              </p>
              <div class="client-record__sections">
                <ContactsSection client={view()} />
                <ManagersSection client={view()} />
                <LoyaltySection client={view()} />
                <NotesSection client={view()} />
                <MeetingsSection client={view()} />
                <ClientReportSection client={view()} />
              </div>
            </>
          )}
        </Match>
      </Switch>
    </div>
  );
}
