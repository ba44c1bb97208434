/**
 * What a refused save on the `/respostas` page means, as a message: unknown placeholders are
 * caught before sending (`unknownPlaceholders`, the server's own rule) so they can be named in
 * the person's language; anything the server still refuses maps by tRPC code.
 */
import type { MessageKey } from '@fluxo/shared/i18n/index';
import { TRPCClientError } from '@trpc/client';

const ERROR_KEYS: Readonly<Record<string, MessageKey>> = {
  BAD_REQUEST: 'replies.error.invalid',
  FORBIDDEN: 'replies.error.forbidden',
  NOT_FOUND: 'replies.error.notFound',
};

export function replyProblem(error: unknown): MessageKey {
  const code = error instanceof TRPCClientError ? ((error as TRPCClientError<never>).data as { code?: unknown } | undefined)?.code : undefined;
  return (typeof code === 'string' ? ERROR_KEYS[code] : undefined) ?? 'replies.error.generic';
}
