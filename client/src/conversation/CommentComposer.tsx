import { type CommentVisibility, MAX_COMMENT_LENGTH, commentBodySchema } from '@fluxo/shared/conversation/comment';
import type { MessageKey, MessageParams } from '@fluxo/shared/i18n/index';
import { For, Match, Show, Switch, createMemo, createSignal, createUniqueId, onMount } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { commentProblem } from './commentProblem';
import { useConversation } from './conversationContext';
import { type MentionPerson, activeMentionQuery, insertMention, matchPeople, tokenizeMentions } from './mentionText';
import VisibilitySwitch from './VisibilitySwitch';
import CannedReplyPicker from './CannedReplyPicker';

export interface CommentComposerProps {
  /** `thread`: a new thread, whose visibility is chosen here; `reply` / `edit`: it is fixed. */
  mode: 'thread' | 'reply' | 'edit';
  /** The fixed visibility of a reply (its thread's) or of the comment being edited. */
  visibility?: CommentVisibility;
  label: string;
  /** The text to start from (editing: the current body with `@Name` for mentions). */
  initial?: string;
  autofocus?: boolean;
  /** Sends the body (mentions already turned into tokens); rejects to keep the draft. */
  onSubmit: (body: string, visibility: CommentVisibility) => Promise<unknown>;
  onCancel?: () => void;
  /** A refusal as a message (default: `commentProblem`). */
  problemOf?: (error: unknown) => MessageKey;
  /** People to recognise in the text before the board's (editing: those the body names). */
  mentionPeople?: readonly MentionPerson[];
}

interface Problem {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}

/**
 * Writing a message: the text box with `@` autocomplete of colleagues, who will see it, send.
 *
 * - New thread: the visibility switch starts on **Nota interna** and returns to it after every
 *   message, so a client-visible reply is always chosen on purpose; the whole composer and its
 *   send button change colour and wording with the choice ("Salvar nota interna" / "Enviar ao
 *   cliente").
 * - Reply: no choice — a line says whom the reply reaches (its thread's visibility).
 * - A refused or failed send keeps the text and says why; Ctrl/Cmd+Enter sends.
 * - Mentions: `@` opens a list of the board's people (arrows, Enter/Tab to pick, Esc to close —
 *   Esc then does not close the drawer); the box shows `@Name`, the stored body `<@id>`.
 */
export default function CommentComposer(props: CommentComposerProps) {
  const i18n = useI18n();
  const conversation = useConversation();
  const uid = createUniqueId();
  const boxId = `comment-box-${uid}`;
  const hintId = `comment-hint-${uid}`;
  const listId = `comment-mentions-${uid}`;

  const [text, setText] = createSignal(props.initial ?? '');
  const [chosen, setChosen] = createSignal<CommentVisibility>('internal');
  const visibility = (): CommentVisibility => (props.mode === 'thread' ? chosen() : (props.visibility ?? 'internal'));
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [pending, setPending] = createSignal(false);
  // People picked from the list in this draft: they win over namesakes when the text is sent.
  let picked: MentionPerson[] = [];

  const [query, setQuery] = createSignal<{ start: number; query: string } | null>(null);
  const [active, setActive] = createSignal(0);
  const matches = createMemo(() => {
    const current = query();
    if (!current) return [];
    return matchPeople(
      conversation.people().filter((person) => person.id !== conversation.me.id),
      current.query,
    );
  });
  const listOpen = () => matches().length > 0;
  const optionId = (index: number) => `${listId}-${index}`;

  let box: HTMLTextAreaElement | undefined;
  onMount(() => {
    if (props.autofocus) box?.focus();
  });

  const follow = () => {
    if (!box || box.selectionStart !== box.selectionEnd) return setQuery(null);
    const next = activeMentionQuery(box.value, box.selectionStart);
    const previous = query();
    if (next?.query !== previous?.query || next?.start !== previous?.start) setActive(0);
    setQuery(next);
  };

  const pick = (person: MentionPerson) => {
    const current = query();
    if (!box || !current) return;
    const next = insertMention(box.value, current.start, box.selectionStart, person.name);
    box.value = next.text;
    setText(next.text);
    box.setSelectionRange(next.caret, next.caret);
    picked = [person, ...picked.filter((p) => p.id !== person.id)];
    setQuery(null);
    box.focus();
  };

  const submit = async () => {
    if (pending()) return;
    const body = tokenizeMentions(text(), [...picked, ...(props.mentionPeople ?? []), ...conversation.people()]);
    const parsed = commentBodySchema.safeParse(body);
    if (!parsed.success) {
      setProblem(
        body.length > MAX_COMMENT_LENGTH
          ? { key: 'comments.error.tooLong', params: { max: MAX_COMMENT_LENGTH } }
          : { key: 'comments.error.empty' },
      );
      box?.focus();
      return;
    }
    setPending(true);
    setProblem(null);
    try {
      await props.onSubmit(parsed.data, visibility());
      setText('');
      picked = [];
      setChosen('internal');
    } catch (error) {
      setProblem({ key: (props.problemOf ?? commentProblem)(error) });
    } finally {
      setPending(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (listOpen()) {
      const count = matches().length;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((index) => (index + (event.key === 'ArrowDown' ? 1 : count - 1)) % count);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        const person = matches()[active()];
        if (person) {
          event.preventDefault();
          pick(person);
        }
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setQuery(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.key === 'Escape' && props.onCancel) {
      event.preventDefault();
      props.onCancel();
    }
  };

  const placeholder = () =>
    props.mode === 'edit'
      ? undefined
      : i18n.t(visibility() === 'internal' ? 'comments.composer.placeholder.internal' : 'comments.composer.placeholder.client');

  const submitLabel = () => {
    if (pending()) return i18n.t('comments.submitting');
    if (props.mode === 'edit') return i18n.t('comments.edit.save');
    if (props.mode === 'reply') return i18n.t(visibility() === 'internal' ? 'comments.reply.submit.internal' : 'comments.reply.submit.client');
    return i18n.t(visibility() === 'internal' ? 'comments.submit.internal' : 'comments.submit.client');
  };

  return (
    <form
      class="comment-composer"
      classList={{ [`comment-composer--${props.mode}`]: true }}
      data-visibility={visibility()}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Switch>
        <Match when={props.mode === 'thread'}>
          <VisibilitySwitch value={chosen()} onChange={setChosen} disabled={pending()} />
        </Match>
        <Match when={props.mode === 'reply'}>
          <p class="comment-composer__inherited" data-visibility={visibility()}>
            {i18n.t(visibility() === 'internal' ? 'comments.reply.internal' : 'comments.reply.client')}
          </p>
        </Match>
      </Switch>
      <label class="comment-composer__label" for={boxId}>
        {props.label}
      </label>
      <div class="comment-composer__field">
        <textarea
          id={boxId}
          ref={box}
          class="comment-composer__box"
          rows={props.mode === 'thread' ? 3 : 2}
          maxlength={MAX_COMMENT_LENGTH}
          placeholder={placeholder()}
          aria-describedby={hintId}
          aria-autocomplete="list"
          aria-controls={listOpen() ? listId : undefined}
          aria-activedescendant={listOpen() ? optionId(active()) : undefined}
          value={text()}
          onInput={(event) => {
            setText(event.currentTarget.value);
            follow();
          }}
          onKeyDown={onKeyDown}
          onKeyUp={(event) => {
            if (event.key === 'ArrowLeft' || event.key === 'ArrowRight' || event.key === 'Home' || event.key === 'End') follow();
          }}
          onClick={follow}
          onBlur={() => setQuery(null)}
        />
        <Show when={listOpen()}>
          <ul id={listId} class="mention-list" role="listbox" aria-label={i18n.t('comments.mention.list')}>
            <For each={matches()}>
              {(person, index) => (
                <li
                  id={optionId(index())}
                  class="mention-list__option"
                  role="option"
                  aria-selected={index() === active()}
                  onMouseDown={(event) => {
                    // Keep the focus (and the caret) in the text box.
                    event.preventDefault();
                    pick(person);
                  }}
                >
                  <span class="mention-list__name">{person.name}</span>
                  <Show when={person.role}>{(role) => <span class="mention-list__role">{i18n.t(`role.${role()}`)}</span>}</Show>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </div>
      <p id={hintId} class="comment-composer__hint">
        {i18n.t('comments.composer.hint')}
      </p>
      <Show when={problem()}>
        {(current) => (
          <p class="notice notice--error comment-composer__problem" role="alert">
            {i18n.t(current().key, current().params)}
          </p>
        )}
      </Show>
      <div class="comment-composer__actions">
        {/* Canned replies (issue 7): only where the client will read the message. */}
        <Show when={visibility() === 'client' && props.mode !== 'edit'}>
          <CannedReplyPicker box={() => box} onInsert={(next) => setText(next)} disabled={pending()} />
        </Show>
        <Show when={props.onCancel}>
          {(cancel) => (
            <button type="button" class="button button--ghost button--small" onClick={() => cancel()()} disabled={pending()}>
              {i18n.t('comments.cancel')}
            </button>
          )}
        </Show>
        <button type="submit" class="button button--primary button--small comment-composer__send" data-visibility={visibility()} disabled={pending()}>
          {submitLabel()}
        </button>
      </div>
    </form>
  );
}
