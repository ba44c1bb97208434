import { useI18n } from '../i18n/locale';
import type { SyncState } from './boardSession';

/**
 * The board's save state, always visible in its header: "Salvo", "Salvando…" or
 * "Offline — N alterações pendentes" — or "Carregando…" while the board shows the server's first
 * cards (read-only) and its document is still on its way. A `status` region, so a change is
 * announced politely.
 */
export default function SyncStatus(props: { state: SyncState }) {
  const i18n = useI18n();
  const text = () => {
    const state = props.state;
    if (state.kind === 'loading') return i18n.t('sync.loading');
    if (state.kind === 'saved') return i18n.t('sync.saved');
    if (state.kind === 'saving') return i18n.t('sync.saving');
    return i18n.t('sync.offline', { count: state.unsaved });
  };
  return (
    <p class="sync-status" role="status" data-state={props.state.kind}>
      <span class="sync-status__dot" aria-hidden="true" />
      {text()}
    </p>
  );
}
