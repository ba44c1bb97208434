import type { TextField } from '@fluxo/shared/board/layout';
import { TEXT_MAX_LENGTH } from '@fluxo/shared/board/layout';
import { ticketText } from '@fluxo/shared/board/ticketText';
import type { TicketId } from '@fluxo/shared/ids';
import type { TransactionOrigin } from '@fluxo/shared/origin';
import { For, Show, createMemo, createSignal, createUniqueId, onCleanup, onMount } from 'solid-js';
import { Dynamic } from 'solid-js/web';
import type * as Y from 'yjs';
import { useI18n } from '../i18n/locale';
import { type CaretJson, indexOf, relativePositionFromJson } from './caret';
import RemoteCarets, { type RemoteCaret } from './RemoteCarets';
import { type TextProblem, bindTextField } from './textBinding';
import type { Peer } from './ticketPresence';

export interface CollabTextFieldProps {
  doc: Y.Doc;
  ticketId: TicketId;
  field: TextField;
  origin: TransactionOrigin;
  label: string;
  /** Who reads this text (client-facing or staff only), shown under the label. */
  hint?: string;
  multiline: boolean;
  /** Everyone else with this ticket open. */
  peers: readonly Peer[];
  /** This tab's caret in this field (null: the field lost focus), for presence. */
  onCaret: (field: TextField, caret: CaretJson | null) => void;
}

/**
 * A ticket text (title, client summary, internal description) that several people edit at once:
 * a plain `<textarea>` / `<input>` bound to the field's `Y.Text` (textBinding.ts), with the
 * others' carets drawn over it and "Paulo is editing" beside the label.
 */
export default function CollabTextField(props: CollabTextFieldProps) {
  const i18n = useI18n();
  const id = `ticket-${props.field}-${createUniqueId()}`;
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const [text, setText] = createSignal('');
  const [problem, setProblem] = createSignal<TextProblem | null>(null);
  const [scroll, setScroll] = createSignal({ top: 0, left: 0 });
  let element: HTMLTextAreaElement | HTMLInputElement | undefined;

  onMount(() => {
    if (!element) return;
    const box = element;
    const binding = bindTextField({
      doc: props.doc,
      ticketId: props.ticketId,
      field: props.field,
      element: box,
      origin: props.origin,
      onProblem: setProblem,
      onCaret: (caret) => props.onCaret(props.field, caret),
      onText: (value) => {
        setText(value);
        setScroll({ top: box.scrollTop, left: box.scrollLeft });
      },
    });
    const onScroll = (): void => {
      setScroll({ top: box.scrollTop, left: box.scrollLeft });
    };
    box.addEventListener('scroll', onScroll);
    onCleanup(() => {
      box.removeEventListener('scroll', onScroll);
      binding?.dispose();
    });
  });

  const editors = createMemo(() => props.peers.filter((peer) => peer.cursor?.field === props.field));

  const editingLabel = () => {
    const names = editors().map((peer) => peer.user.name);
    const unique = [...new Set(names)];
    const list = new Intl.ListFormat(i18n.locale(), { style: 'long', type: 'conjunction' }).format(unique);
    return i18n.t('drawer.editing', { names: list, count: unique.length });
  };

  const carets = createMemo((): RemoteCaret[] => {
    text();
    const yText = ticketText(props.doc, props.ticketId, props.field);
    if (yText === null) return [];
    const out: RemoteCaret[] = [];
    for (const peer of editors()) {
      const cursor = peer.cursor;
      if (cursor === null) continue;
      const anchorPosition = relativePositionFromJson(cursor.anchor);
      const headPosition = relativePositionFromJson(cursor.head);
      if (anchorPosition === null || headPosition === null) continue;
      const anchor = indexOf(props.doc, yText, anchorPosition);
      const head = indexOf(props.doc, yText, headPosition);
      if (anchor === null || head === null) continue;
      out.push({ clientId: peer.clientId, name: peer.user.name, color: peer.user.color, anchor, head });
    }
    return out;
  });

  const problemText = () => {
    const current = problem();
    if (current === null) return '';
    if (current === 'title_required') return i18n.t('drawer.text.titleRequired');
    if (current === 'too_long') return i18n.t('drawer.text.tooLong', { max: TEXT_MAX_LENGTH[props.field] });
    return i18n.t('drawer.text.refused');
  };

  const describedBy = () => [props.hint ? hintId : null, problem() ? problemId : null].filter(Boolean).join(' ') || undefined;

  return (
    <div class="collab-field" classList={{ [`collab-field--${props.field}`]: true }}>
      <div class="collab-field__head">
        <label class="collab-field__label" for={id}>
          {props.label}
        </label>
        <Show when={editors().length > 0}>
          <span class="collab-field__editing" data-testid={`editing-${props.field}`}>
            <For each={editors()}>
              {(peer) => <span class="presence-dot" style={{ 'background-color': peer.user.color }} />}
            </For>
            {editingLabel()}
          </span>
        </Show>
      </div>
      <Show when={props.hint}>
        <p class="collab-field__hint" id={hintId}>
          {props.hint}
        </p>
      </Show>
      <div class="collab-field__box">
        <Dynamic
          component={props.multiline ? 'textarea' : 'input'}
          ref={(el: HTMLTextAreaElement | HTMLInputElement) => {
            element = el;
          }}
          id={id}
          class="collab-field__input"
          type={props.multiline ? undefined : 'text'}
          rows={props.multiline ? (props.field === 'description' ? 8 : 4) : undefined}
          maxLength={TEXT_MAX_LENGTH[props.field]}
          spellcheck={true}
          autocomplete="off"
          aria-invalid={problem() !== null ? 'true' : undefined}
          aria-describedby={describedBy()}
        />
        <RemoteCarets
          text={text()}
          carets={carets()}
          multiline={props.multiline}
          scrollTop={scroll().top}
          scrollLeft={scroll().left}
        />
      </div>
      <Show when={problem()}>
        <p class="collab-field__problem" id={problemId} role="alert">
          {problemText()}
        </p>
      </Show>
    </div>
  );
}
