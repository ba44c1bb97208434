import type { BoardCard } from '@fluxo/shared/board/index';
import { createSignal, createUniqueId, For, onCleanup, Show } from 'solid-js';
import { Portal } from 'solid-js/web';
import { useI18n } from '../i18n/locale';
import { useBoard } from './boardContext';
import { type MenuPlace, placeMenu } from './menuPlacement';
import { type MoveOption, moveOptions } from './moveOptions';

/**
 * The "Mover…" menu of a card: everything a drag does, from the keyboard (DESIGN.md §4). A menu
 * button and a `menu` of the five stages (WAI-ARIA menu button pattern: arrows, Home/End,
 * Escape, Tab). A target the flow refuses stays in the list, disabled, with the reason under
 * it; choosing it anyway says the reason aloud instead of moving.
 *
 * The menu is rendered at the end of the page (a portal) and placed `position: fixed` by its
 * button (under it, or above it near the bottom of the window: `menuPlacement.ts`), so neither a
 * column's scroll box nor its layout containment clips it; scrolling anything closes it.
 */
export default function MoveMenu(props: { ticket: BoardCard }) {
  const i18n = useI18n();
  const board = useBoard();
  const id = createUniqueId();
  const [open, setOpen] = createSignal(false);
  const [place, setPlace] = createSignal<MenuPlace>({ top: 0, left: 0, maxHeight: 0 });
  let button: HTMLButtonElement | undefined;
  let menu: HTMLUListElement | undefined;

  const options = () => moveOptions(props.ticket);
  const stageLabel = (stage: MoveOption['stage']) => i18n.t(`stage.${stage}`);
  const label = (option: MoveOption) => {
    if (option.current) return i18n.t('move.current', { stage: stageLabel(option.stage) });
    if (option.handoff) return i18n.t('move.handoff');
    return i18n.t('move.to', { stage: stageLabel(option.stage) });
  };
  const reason = (option: MoveOption): string | null => {
    if (option.current || option.verdict.ok) return null;
    if (option.verdict.reason === 'closed') return i18n.t('move.error.closed');
    return i18n.t('move.error.skips_stage', { from: stageLabel(props.ticket.stage), to: stageLabel(option.stage) });
  };
  const enabled = (option: MoveOption) => !option.current && option.verdict.ok;

  const items = (): HTMLElement[] => (menu ? [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]')] : []);
  const focusItem = (index: number): void => {
    const all = items();
    if (all.length === 0) return;
    all[((index % all.length) + all.length) % all.length]?.focus();
  };

  const close = (returnFocus: boolean): void => {
    if (!open()) return;
    setOpen(false);
    if (returnFocus) button?.focus();
  };

  const onOutside = (event: Event): void => {
    const target = event.target;
    if (target instanceof Node && (menu?.contains(target) || button?.contains(target))) return;
    close(false);
  };
  const onScroll = (event: Event): void => {
    if (event.target instanceof Node && menu?.contains(event.target)) return;
    close(false);
  };
  const listen = (on: boolean): void => {
    const method = on ? 'addEventListener' : 'removeEventListener';
    document[method]('pointerdown', onOutside, true);
    window[method]('scroll', onScroll, true);
    window[method]('resize', onScroll);
  };
  onCleanup(() => listen(false));

  const show = (focus: 'first' | 'last'): void => {
    const viewport = { width: window.innerWidth, height: window.innerHeight };
    const rect = button?.getBoundingClientRect();
    if (rect) setPlace(placeMenu(rect, { width: 288, height: 0 }, viewport));
    setOpen(true);
    listen(true);
    const firstEnabled = options().findIndex(enabled);
    queueMicrotask(() => {
      // Rendered now: place it again knowing its size (above the button if it does not fit below).
      if (rect && menu) setPlace(placeMenu(rect, { width: menu.offsetWidth, height: menu.scrollHeight }, viewport));
      focusItem(focus === 'last' ? -1 : Math.max(0, firstEnabled));
    });
  };

  const choose = (option: MoveOption): void => {
    close(true);
    listen(false);
    if (option.current) return;
    const why = reason(option);
    if (why !== null) {
      board.announce(why, 'error');
      return;
    }
    if (board.moveCard(props.ticket.id, { toStage: option.stage })) board.focusCard(props.ticket.id);
  };

  const onMenuKeyDown = (event: KeyboardEvent): void => {
    const all = items();
    const at = all.indexOf(document.activeElement as HTMLElement);
    switch (event.key) {
      case 'ArrowDown':
        focusItem(at + 1);
        break;
      case 'ArrowUp':
        focusItem(at - 1);
        break;
      case 'Home':
        focusItem(0);
        break;
      case 'End':
        focusItem(-1);
        break;
      case 'Escape':
        close(true);
        listen(false);
        break;
      case 'Tab':
        // The menu sits at the end of the page: leave it back at its button.
        close(true);
        listen(false);
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div class="move-menu">
      <button
        ref={button}
        type="button"
        class="move-menu__button"
        disabled={board.readOnly()}
        aria-haspopup="menu"
        aria-expanded={open()}
        aria-controls={open() ? `${id}-menu` : undefined}
        onClick={(event) => {
          event.stopPropagation();
          if (open()) {
            close(false);
            listen(false);
          } else show('first');
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            event.stopPropagation();
            show(event.key === 'ArrowUp' ? 'last' : 'first');
          }
        }}
      >
        {i18n.t('move.menu')}
      </button>
      <Show when={open()}>
        <Portal>
          <ul
            ref={menu}
            id={`${id}-menu`}
            class="move-menu__list"
            role="menu"
            aria-label={i18n.t('move.menu')}
            style={{
              top: `${place().top}px`,
              left: `${place().left}px`,
              'max-height': `${place().maxHeight}px`,
              'overflow-y': 'auto',
            }}
            onKeyDown={onMenuKeyDown}
            onClick={(event) => event.stopPropagation()}
          >
            <For each={options()}>
              {(option) => (
                <li
                  role="menuitem"
                  tabindex="-1"
                  class="move-menu__item"
                  classList={{ 'move-menu__item--handoff': option.handoff, 'move-menu__item--current': option.current }}
                  aria-disabled={enabled(option) ? undefined : 'true'}
                  aria-labelledby={`${id}-${option.stage}-label`}
                  aria-describedby={reason(option) === null ? undefined : `${id}-${option.stage}-why`}
                  onClick={() => choose(option)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      event.stopPropagation();
                      choose(option);
                    }
                  }}
                >
                  <span id={`${id}-${option.stage}-label`} class="move-menu__label">
                    {label(option)}
                  </span>
                  <Show when={reason(option)}>
                    {(why) => (
                      <span id={`${id}-${option.stage}-why`} class="move-menu__reason">
                        {why()}
                      </span>
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        </Portal>
      </Show>
    </div>
  );
}
