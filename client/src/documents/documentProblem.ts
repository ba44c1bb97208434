import type { MessageKey } from '@fluxo/shared/i18n/index';
import { TRPCClientError } from '@trpc/client';
import { UploadProblem, type UploadProblemCode } from '../data/documents';

const UPLOAD_KEYS: Readonly<Record<UploadProblemCode, MessageKey>> = {
  too_large: 'document.error.tooLarge',
  empty: 'document.error.empty',
  unauthenticated: 'document.error.session',
  network: 'document.error.network',
  not_found: 'document.error.notFound',
  invalid: 'document.error.invalid',
  generic: 'document.error.generic',
};

const TRPC_KEYS: Readonly<Record<string, MessageKey>> = {
  UNAUTHORIZED: 'document.error.session',
  NOT_FOUND: 'document.error.notFound',
  BAD_REQUEST: 'document.error.invalid',
  CONFLICT: 'document.error.invalid',
};

/** What to tell the person when uploading or filing a document failed. */
export function documentProblem(error: unknown): MessageKey {
  if (error instanceof UploadProblem) return UPLOAD_KEYS[error.code];
  if (error instanceof TRPCClientError) {
    const code = ((error as TRPCClientError<never>).data as { code?: unknown } | undefined)?.code;
    if (typeof code === 'string' && TRPC_KEYS[code]) return TRPC_KEYS[code];
    // No answer at all: the network, not the server, failed.
    if (code === undefined) return 'document.error.network';
  }
  return 'document.error.generic';
}
