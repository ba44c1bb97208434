import { For, Show } from 'solid-js';
import { useI18n } from '../i18n/locale';
import Avatar from './Avatar';
import type { PresentPerson } from './presence';

/** Who else is on this board right now. */
export default function PresenceBar(props: { people: readonly PresentPerson[] }) {
  const i18n = useI18n();
  return (
    <Show when={props.people.length > 0}>
      <ul class="presence-bar" aria-label={i18n.t('board.presence')}>
        <For each={props.people}>
          {(person) => (
            <li>
              <Avatar id={person.id} name={person.name} color={person.color} ring />
            </li>
          )}
        </For>
      </ul>
    </Show>
  );
}
