import type { CommentVisibility } from '@fluxo/shared/conversation/comment';
import { For, createUniqueId } from 'solid-js';
import { useI18n } from '../i18n/locale';

const CHOICES: readonly CommentVisibility[] = ['internal', 'client'];

/**
 * Who will see a new thread: a radio group with both choices spelled out (name and what it
 * means), so sending to the client is always a visible, deliberate choice. The composer starts
 * on "Nota interna" and comes back to it after each message.
 */
export default function VisibilitySwitch(props: { value: CommentVisibility; onChange: (value: CommentVisibility) => void; disabled?: boolean }) {
  const i18n = useI18n();
  const name = `comment-visibility-${createUniqueId()}`;
  return (
    <fieldset class="visibility-switch" disabled={props.disabled}>
      <legend class="visibility-switch__legend">{i18n.t('comments.visibility.label')}</legend>
      <For each={CHOICES}>
        {(choice) => (
          <label class="visibility-switch__choice" data-visibility={choice}>
            <input
              type="radio"
              name={name}
              value={choice}
              checked={props.value === choice}
              onChange={() => props.onChange(choice)}
            />
            <span class="visibility-switch__text">
              <span class="visibility-switch__name">{i18n.t(choice === 'internal' ? 'comments.visibility.internal' : 'comments.visibility.client')}</span>
              <span class="visibility-switch__hint">
                {i18n.t(choice === 'internal' ? 'comments.visibility.internal.hint' : 'comments.visibility.client.hint')}
              </span>
            </span>
          </label>
        )}
      </For>
    </fieldset>
  );
}
