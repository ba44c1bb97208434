import { A } from '@solidjs/router';
import { loyaltyRung } from '@fluxo/shared/clients/loyaltyLadder';
import { useQuery } from '@tanstack/solid-query';
import { For, Show, createMemo, createSignal } from 'solid-js';
import QueryList from '../components/QueryList';
import { type ClientSummary, clientsQuery } from '../data/clients';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import './clients.css';

/** Lower-case, without accents: "Clínica" is found by "clinica". */
const folded = (text: string) => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/**
 * `/clients` (header link "Clientes", every staff member): the agency's clients by name, each
 * with its account managers and loyalty rung, filtered by name as one types. A row's name opens
 * the record (`/clients/:clientId`).
 */
export default function ClientsPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const clients = useQuery(() => clientsQuery(trpc));
  const [search, setSearch] = createSignal('');

  const shown = createMemo((): ClientSummary[] => {
    const all = clients.data ?? [];
    const wanted = folded(search().trim());
    return wanted === '' ? all : all.filter((c) => folded(c.name).includes(wanted));
  });
  const rungName = (client: ClientSummary) => (client.rung === null ? i18n.t('clients.rung.none') : i18n.t(loyaltyRung(client.rung).nameKey));

  return (
    <div class="page clients">
      <h1>{i18n.t('clients.title')}</h1>
      <p class="clients__intro">{i18n.t('clients.intro')}</p>
      <label class="clients__search">
        {i18n.t('clients.search')}
        <input type="search" value={search()} onInput={(event) => setSearch(event.currentTarget.value)} />
      </label>
      <QueryList
        pending={clients.isPending}
        failed={clients.isError}
        rows={clients.data}
        messages={{ loading: 'clients.loading', error: 'clients.error', empty: 'clients.empty' }}
      >
        {() => (
          <>
            <p class="clients__count" role="status">
              <Show when={shown().length > 0} fallback={i18n.t('clients.noMatch', { query: search().trim() })}>
                {i18n.t('clients.count', { count: shown().length })}
              </Show>
            </p>
            <Show when={shown().length > 0}>
              <ul class="clients__list">
                <For each={shown()}>
                  {(client) => (
                    <li class="clients__row">
                      <A href={`/clients/${client.id}`} class="clients__name">
                        {client.name}
                      </A>
                      <span class="clients__managers">
                        <span class="visually-hidden">{i18n.t('clients.column.managers')}: </span>
                        {client.primaryManager?.name ?? '—'}
                        <Show when={client.backupManager}>{(backup) => <small>{i18n.t('clients.backup', { name: backup().name })}</small>}</Show>
                      </span>
                      <span class="clients__rung" classList={{ 'clients__rung--none': client.rung === null }}>
                        <span class="visually-hidden">{i18n.t('clients.column.rung')}: </span>
                        <Show when={client.rung !== null}>{`${client.rung}º `}</Show>
                        {rungName(client)}
                      </span>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </>
        )}
      </QueryList>
    </div>
  );
}
