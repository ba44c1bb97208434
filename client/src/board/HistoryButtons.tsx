import { onCleanup, onMount } from 'solid-js';
import { useI18n } from '../i18n/locale';
import type { BoardHistory } from './boardSession';

/** Whether a key press belongs to something the person is typing in. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])') !== null;
}

/** Ctrl/Cmd+Z → undo; Ctrl/Cmd+Shift+Z or Ctrl+Y → redo; null for any other key. */
export function historyShortcut(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !event.shiftKey) return 'redo';
  return null;
}

/**
 * Undo / redo of this person's own changes on the board (the session's undo manager tracks
 * only this tab's origin), as buttons and as keyboard shortcuts on the whole page — except while
 * typing in a field, where the field's own undo applies.
 */
export default function HistoryButtons(props: { history: BoardHistory; disabled?: () => boolean }) {
  const i18n = useI18n();
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || isTypingTarget(event.target) || props.disabled?.()) return;
    const action = historyShortcut(event);
    if (action === null) return;
    event.preventDefault();
    if (action === 'undo') props.history.undo();
    else props.history.redo();
  };
  onMount(() => document.addEventListener('keydown', onKeyDown));
  onCleanup(() => document.removeEventListener('keydown', onKeyDown));

  return (
    <div class="history-buttons" role="group" aria-label={i18n.t('board.toolbar')}>
      <button
        type="button"
        class="button button--ghost button--small"
        title={i18n.t('board.undo.hint')}
        aria-keyshortcuts="Control+Z Meta+Z"
        disabled={!props.history.canUndo()}
        onClick={() => props.history.undo()}
      >
        <span aria-hidden="true">↶</span> {i18n.t('board.undo')}
      </button>
      <button
        type="button"
        class="button button--ghost button--small"
        title={i18n.t('board.redo.hint')}
        aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
        disabled={!props.history.canRedo()}
        onClick={() => props.history.redo()}
      >
        <span aria-hidden="true">↷</span> {i18n.t('board.redo')}
      </button>
    </div>
  );
}
