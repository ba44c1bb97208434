import type { MessageKey } from '@fluxo/shared/i18n/index';
import { useMutation, useQuery } from '@tanstack/solid-query';
import { For, Match, Show, Switch, createMemo, createSignal, createUniqueId } from 'solid-js';
import { type CannedReplyItem, offeredRepliesQuery, renderReplyMutation } from '../data/replies';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import { insertReply } from '../replies/insertReply';
import '../replies/replies.css';
import { useConversation } from './conversationContext';

export interface CannedReplyPickerProps {
  /** The composer's text box: the reply goes in at its caret. */
  box: () => HTMLTextAreaElement | undefined;
  /** Told the box's new text after an insertion (the composer keeps its draft in a signal). */
  onInsert: (text: string) => void;
  disabled?: boolean;
}

const TONE_KEYS: Readonly<Record<CannedReplyItem['tone'], MessageKey>> = {
  support: 'replies.tone.support',
  praise: 'replies.tone.praise',
  plain: 'replies.tone.plain',
};

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();

/** Whether a title has every word of the filter somewhere, accents and case ignored. */
function titleMatches(title: string, filter: string): boolean {
  const words = fold(filter).split(/\s+/).filter((w) => w !== '');
  const folded = fold(title);
  return words.every((word) => folded.includes(word));
}

/**
 * "Respostas prontas" beside a client-visible composer: a button that opens a searchable list of
 * the canned replies offered on this ticket (`replies.list {ticket}`, asked only when opened).
 * Choosing one asks the server to fill it for this ticket and this person (`replies.render`) and
 * puts the text **at the caret** of the draft — nothing typed is replaced —, then returns the
 * focus to the box, after the reply.
 *
 * Keyboard: the button opens the list with the filter focused; arrows move, Enter picks, Escape
 * closes (and does not close the drawer) and returns to the button; leaving it closes it.
 */
export default function CannedReplyPicker(props: CannedReplyPickerProps) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const conversation = useConversation();
  const uid = createUniqueId();
  const panelId = `canned-replies-${uid}`;
  const listId = `canned-replies-list-${uid}`;
  const [open, setOpen] = createSignal(false);
  const [filter, setFilter] = createSignal('');
  const [active, setActive] = createSignal(0);
  const [failed, setFailed] = createSignal(false);

  const replies = useQuery(() => ({
    ...offeredRepliesQuery(trpc, { boardId: conversation.boardId, ticketId: conversation.ticketId }),
    enabled: open(),
  }));
  const render = useMutation(() => renderReplyMutation(trpc));

  const shown = createMemo(() => (replies.data ?? []).filter((reply) => titleMatches(reply.title, filter())));
  const optionId = (index: number) => `${listId}-${index}`;

  let wrapper: HTMLDivElement | undefined;
  let button: HTMLButtonElement | undefined;
  let search: HTMLInputElement | undefined;

  const close = (focus: 'button' | 'none') => {
    setOpen(false);
    setFilter('');
    setFailed(false);
    if (focus === 'button') button?.focus();
  };

  const toggle = () => {
    if (open()) return close('button');
    setActive(0);
    setFailed(false);
    setOpen(true);
    search?.focus();
  };

  const choose = (reply: CannedReplyItem) => {
    if (render.isPending) return;
    setFailed(false);
    render.mutate(
      { replyId: reply.id, boardId: conversation.boardId, ticketId: conversation.ticketId },
      {
        onSuccess: ({ text }) => {
          const box = props.box();
          if (!box) return;
          const next = insertReply(box.value, box.selectionStart, box.selectionEnd, text);
          box.value = next.text;
          props.onInsert(next.text);
          close('none');
          box.focus();
          box.setSelectionRange(next.caret, next.caret);
        },
        onError: () => setFailed(true),
      },
    );
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const count = shown().length;
    if (event.key === 'Escape') {
      event.preventDefault();
      close('button');
      return;
    }
    if ((event.key === 'ArrowDown' || event.key === 'ArrowUp') && count > 0) {
      event.preventDefault();
      setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
      return;
    }
    if (event.key === 'Enter') {
      // Never submits the comment form: Enter here picks.
      event.preventDefault();
      const reply = shown()[Math.min(active(), count - 1)];
      if (reply) choose(reply);
    }
  };

  return (
    <div
      ref={wrapper}
      class="canned-replies"
      onFocusOut={(event) => {
        // Tabbing (or clicking) away closes the list; moving between its own parts does not.
        if (open() && !wrapper?.contains(event.relatedTarget as Node | null)) close('none');
      }}
    >
      <button
        ref={button}
        type="button"
        class="button button--ghost button--small canned-replies__toggle"
        aria-haspopup="listbox"
        aria-expanded={open()}
        aria-controls={open() ? panelId : undefined}
        disabled={props.disabled}
        onClick={toggle}
      >
        {i18n.t('replies.picker.button')}
      </button>
      <Show when={open()}>
        <div id={panelId} class="canned-replies__panel" onKeyDown={onKeyDown}>
          <input
            ref={search}
            type="search"
            class="canned-replies__filter"
            role="combobox"
            aria-label={i18n.t('replies.picker.filter')}
            aria-autocomplete="list"
            aria-expanded={shown().length > 0}
            aria-controls={listId}
            aria-activedescendant={shown().length > 0 ? optionId(Math.min(active(), shown().length - 1)) : undefined}
            placeholder={i18n.t('replies.picker.filter')}
            value={filter()}
            onInput={(event) => {
              setFilter(event.currentTarget.value);
              setActive(0);
            }}
          />
          <Switch>
            <Match when={replies.isPending}>
              <p class="canned-replies__note" role="status">
                {i18n.t('replies.picker.loading')}
              </p>
            </Match>
            <Match when={replies.isError}>
              <p class="notice notice--error" role="alert">
                {i18n.t('replies.picker.loadError')}
              </p>
            </Match>
            <Match when={shown().length === 0}>
              <p class="canned-replies__note">{i18n.t(filter() === '' ? 'replies.picker.empty' : 'replies.picker.noMatch')}</p>
            </Match>
          </Switch>
          <ul id={listId} class="canned-replies__list" role="listbox" aria-label={i18n.t('replies.picker.list')}>
            <For each={shown()}>
              {(reply, index) => (
                <li
                  id={optionId(index())}
                  class="canned-replies__option"
                  role="option"
                  aria-selected={index() === active()}
                  onMouseDown={(event) => event.preventDefault()}
                  onClick={() => choose(reply)}
                >
                  <span class="canned-replies__title">{reply.title}</span>
                  <span class="canned-replies__tone" data-tone={reply.tone}>
                    {i18n.t(TONE_KEYS[reply.tone])}
                  </span>
                </li>
              )}
            </For>
          </ul>
          <Show when={failed()}>
            <p class="notice notice--error" role="alert">
              {i18n.t('replies.picker.renderError')}
            </p>
          </Show>
        </div>
      </Show>
    </div>
  );
}
