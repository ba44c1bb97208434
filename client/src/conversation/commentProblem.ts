/**
 * What went wrong with a comment request, as a message key. The server's codes
 * (server/src/trpc/routers/comments.ts): CONFLICT — the comment changed (or was deleted) since
 * it was shown; FORBIDDEN — not the author (edit) nor an admin (delete); BAD_REQUEST — the body
 * or a mention was refused; NOT_FOUND — the board or ticket is gone for this person.
 * English messages from the server are never shown.
 */
import type { MessageKey } from '@fluxo/shared/i18n/index';
import { TRPCClientError } from '@trpc/client';
import { describeRequestError } from '../data/requestError';

export function commentProblem(error: unknown): MessageKey {
  const described = describeRequestError(error);
  if (described.kind === 'network') return 'comments.error.network';
  if (described.kind === 'unauthenticated') return 'comments.error.session';
  if (described.kind === 'not_found') return 'drawer.error.gone';
  const code = error instanceof TRPCClientError ? ((error as TRPCClientError<never>).data as { code?: unknown } | undefined)?.code : null;
  if (code === 'CONFLICT') return 'comments.error.conflict';
  if (code === 'FORBIDDEN') return 'comments.error.forbidden';
  if (code === 'BAD_REQUEST') return 'comments.error.invalid';
  return 'error.generic';
}
