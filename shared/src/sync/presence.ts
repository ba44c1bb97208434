/**
 * Presence: the awareness state each board tab publishes (y-protocols awareness, one entry per
 * Yjs client id). The sync server relays an awareness entry only when it has this shape and its
 * `user.id` is the signed-in person of the connection that sent it, so nobody can appear as
 * someone else; `null` (the tab left) is always accepted for the connection's own client ids.
 */
import { z } from 'zod';
import { ticketIdSchema, userIdSchema } from '../ids.js';

export const PRESENCE_NAME_MAX_LENGTH = 120;

export const presenceStateSchema = z.strictObject({
  user: z.strictObject({
    id: userIdSchema,
    name: z.string().min(1).max(PRESENCE_NAME_MAX_LENGTH),
    /** A CSS colour `#rrggbb` for the avatar ring and the text cursor. */
    color: z.string().regex(/^#[0-9a-f]{6}$/),
  }),
  /** The ticket open in this tab's drawer. */
  viewing: ticketIdSchema.nullable(),
  /** The ticket this tab is dragging right now. */
  dragging: ticketIdSchema.nullable(),
  /** Caret in a collaborative text field of `viewing`, as Yjs relative positions (JSON form). */
  cursor: z
    .strictObject({
      field: z.enum(['title', 'summary', 'description']),
      anchor: z.json(),
      head: z.json(),
    })
    .nullable(),
});
export type PresenceState = z.infer<typeof presenceStateSchema>;

/** A stable colour per person, from a small palette readable on white and on the dark theme. */
export const PRESENCE_COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#9c36b5', '#e8590c', '#0c8599', '#c2255c', '#5f3dc4'] as const;

export function presenceColor(userId: string): string {
  let hash = 0;
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length] ?? PRESENCE_COLORS[0];
}
