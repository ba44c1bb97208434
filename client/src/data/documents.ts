/**
 * The client document archive (`documents.*`, server/src/trpc/routers/documents.ts) and its
 * files (`POST /api/uploads`, `GET /api/files/<sha256>`, server/src/documents/uploadEndpoint.ts).
 *
 * Filing a file is two steps: the bytes go to `/api/uploads` (raw body, the name in
 * `X-File-Name`, percent-encoded; an `XMLHttpRequest`, because `fetch` reports no upload
 * progress), then `documents.create` / `documents.addVersion` files that upload. If the second
 * step fails, the upload stays on the server, harmless (the same bytes again are the same file).
 * Once filed, every documents list is refreshed.
 */
import { mutationOptions, queryOptions, type QueryClient } from '@tanstack/solid-query';
import type { TrpcClient } from './trpc';

export type DocumentView = Awaited<ReturnType<TrpcClient['documents']['get']['query']>>;
export type DocumentVersionView = DocumentView['versions'][number];
export type DocumentCategory = DocumentView['category'];
type CreateInput = Parameters<TrpcClient['documents']['create']['mutate']>[0];
type BoardIdInput = Parameters<TrpcClient['documents']['listForTicket']['query']>[0]['boardId'];
type TicketIdInput = Parameters<TrpcClient['documents']['listForTicket']['query']>[0]['ticketId'];
type ClientIdInput = CreateInput['clientId'];

/** In the order people meet them in a project (seed 000). */
export const DOCUMENT_CATEGORIES: readonly DocumentCategory[] = [
  'briefing',
  'rafe',
  'pedido_criacao',
  'ordem_servico',
  'orcamento',
  'pesquisa_mercado',
  'outro',
];

/** The server's cap (`MAX_UPLOAD_BYTES`): checked here too, so a large file is refused before it is sent. */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;

export const documentKeys = {
  all: ['documents'] as const,
  client: (clientId: string) => ['documents', 'client', clientId] as const,
  ticket: (boardId: string, ticketId: string) => ['documents', 'ticket', boardId, ticketId] as const,
};

export function clientDocumentsQuery(trpc: TrpcClient, clientId: ClientIdInput) {
  return queryOptions({
    queryKey: documentKeys.client(clientId),
    queryFn: () => trpc.documents.listForClient.query({ clientId }),
    staleTime: 30_000,
  });
}

export function ticketDocumentsQuery(trpc: TrpcClient, boardId: BoardIdInput, ticketId: TicketIdInput) {
  return queryOptions({
    queryKey: documentKeys.ticket(boardId, ticketId),
    queryFn: () => trpc.documents.listForTicket.query({ boardId, ticketId }),
    staleTime: 30_000,
  });
}

/** Where a version's bytes are downloaded. */
export function fileUrl(sha256: string): string {
  return `/api/files/${sha256}`;
}

export interface UploadAnswer {
  readonly sha256: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
}

/** Why an upload or its filing failed, as the UI words it. */
export type UploadProblemCode = 'too_large' | 'empty' | 'unauthenticated' | 'network' | 'not_found' | 'invalid' | 'generic';

export class UploadProblem extends Error {
  constructor(readonly code: UploadProblemCode) {
    super(code);
  }
}

const SERVER_CODES: Readonly<Record<string, UploadProblemCode>> = {
  too_large: 'too_large',
  empty: 'empty',
  unauthenticated: 'unauthenticated',
  missing_name: 'invalid',
  bad_content_type: 'invalid',
};

/**
 * Sends one file to `/api/uploads`; `onProgress` hears the fraction sent (0–1). Rejects with an
 * `UploadProblem`. An empty or over-25 MiB file is refused here, without a request.
 */
export function uploadFile(file: File, onProgress?: (fraction: number) => void): Promise<UploadAnswer> {
  if (file.size === 0) return Promise.reject(new UploadProblem('empty'));
  if (file.size > MAX_UPLOAD_BYTES) return Promise.reject(new UploadProblem('too_large'));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/uploads');
    xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new UploadProblem('network'));
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON: judged by the status alone
      }
      if (xhr.status === 201 && isUploadAnswer(body)) {
        onProgress?.(1);
        resolve(body);
        return;
      }
      const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
      if (xhr.status === 413) reject(new UploadProblem('too_large'));
      else reject(new UploadProblem((typeof code === 'string' ? SERVER_CODES[code] : undefined) ?? 'generic'));
    };
    xhr.send(file);
  });
}

function isUploadAnswer(value: unknown): value is UploadAnswer {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.sha256 === 'string' && /^[0-9a-f]{64}$/.test(v.sha256) && typeof v.name === 'string' && typeof v.size === 'number';
}

/** What to do with the file once uploaded: a new document, or the next version of one. */
export type FileTarget =
  | {
      readonly kind: 'create';
      readonly clientId: ClientIdInput;
      readonly boardId?: BoardIdInput;
      readonly ticketIds?: readonly TicketIdInput[];
      readonly category: DocumentCategory;
      readonly title: string;
      readonly note?: string;
    }
  | { readonly kind: 'version'; readonly documentId: DocumentView['id']; readonly note?: string };

export interface FileDocumentInput {
  readonly file: File;
  readonly target: FileTarget;
  readonly onProgress?: (fraction: number) => void;
}

/** Upload + `documents.create` / `addVersion`; every documents list is refreshed after. */
export function fileDocumentMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['documents', 'file'],
    mutationFn: async (input: FileDocumentInput): Promise<DocumentView> => {
      const uploaded = await uploadFile(input.file, input.onProgress);
      const upload = { sha256: uploaded.sha256 };
      const note = input.target.note?.trim() ? { note: input.target.note } : {};
      if (input.target.kind === 'version') return trpc.documents.addVersion.mutate({ documentId: input.target.documentId, upload, ...note });
      const { clientId, boardId, ticketIds, category, title } = input.target;
      return trpc.documents.create.mutate({
        clientId,
        category,
        title,
        upload,
        ...(boardId !== undefined ? { boardId } : {}),
        ...(ticketIds !== undefined ? { ticketIds: [...ticketIds] } : {}),
        ...note,
      });
    },
    // On failure nothing listed changed (an upload alone is in no list): the lists, and the
    // form holding what the person typed, stay as they are.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: documentKeys.all }),
  });
}

export function archiveDocumentMutation(trpc: TrpcClient, queryClient: QueryClient) {
  return mutationOptions({
    mutationKey: ['documents', 'archive'],
    mutationFn: (documentId: DocumentView['id']) => trpc.documents.archive.mutate({ documentId }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: documentKeys.all }),
  });
}

/** Shared with the client timeline's approval files. */
export { formatFileSize } from '@fluxo/shared/files/fileSize';
