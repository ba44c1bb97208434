import { presenceColor } from '@fluxo/shared/sync/presence';

/** Up to two initials: first and last word of a name ("Ana Souza" → "AS"). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '?';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toLocaleUpperCase();
}

/**
 * A person as a small round badge of initials in their presence colour. The full name is the
 * accessible text (and the tooltip); `label`, when given, says more ("Paulo está vendo…").
 */
export default function Avatar(props: { id: string; name: string; color?: string; label?: string; ring?: boolean }) {
  return (
    <span
      class="avatar"
      classList={{ 'avatar--ring': Boolean(props.ring) }}
      style={{ '--avatar-color': props.color ?? presenceColor(props.id) }}
      title={props.label ?? props.name}
    >
      <span aria-hidden="true">{initials(props.name)}</span>
      <span class="visually-hidden">{props.label ?? props.name}</span>
    </span>
  );
}
