/**
 * Uploads (issue 7, the document archive): files staff sent to `POST /api/uploads`
 * (`documents/uploadEndpoint.ts`). The bytes live content-addressed in the file vault
 * (`DATA_DIR/attachments/<sha256>`, `mail/attachmentFiles.ts`); this record says that an agency
 * holds them, under which name and type, and who sent them last.
 *
 * One record per (agency, sha256): the same bytes sent again by the same agency refresh the
 * record (the newest name, type, person and time) instead of adding one, so the list grows with
 * the distinct files an agency keeps, not with every click. A document version copies the name,
 * type and size it was made with (`documentRecords.ts`), so a later re-upload under another name
 * does not rename a version.
 *
 * An upload on its own is not visible to anyone but staff of its agency (downloads check the
 * agency); `documents.create` / `addVersion` accept only an upload of the caller's agency.
 */
import { agencyIdSchema, userIdSchema } from '@fluxo/shared/ids';
import { z } from 'zod';

/** The largest upload: 25 MiB (the same order as the inbound mail limit). */
export const MAX_UPLOAD_BYTES = 25 * 1024 * 1024;
/** The longest file name kept, in characters. */
export const MAX_FILE_NAME = 200;

/** Lower-case hex SHA-256: the file's name in the vault. */
export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lower-case hex digits');

/** A media type as stored: its essence `type/subtype`, lower-case, without parameters. */
export const contentTypeSchema = z
  .string()
  .max(127)
  .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'a content type is type/subtype');

/** A stored file name: already sanitised (`documents/fileName.ts`), never empty, never a path. */
export const fileNameSchema = z
  .string()
  .min(1)
  .max(MAX_FILE_NAME)
  .refine((name) => !/[/\\\p{Cc}]/u.test(name) && name !== '.' && name !== '..', 'a file name without path or control characters');

export const uploadRecordSchema = z.object({
  sha256: sha256Schema,
  agencyId: agencyIdSchema,
  name: fileNameSchema,
  contentType: contentTypeSchema,
  size: z.number().int().positive().max(MAX_UPLOAD_BYTES),
  uploadedBy: userIdSchema,
  uploadedAt: z.iso.datetime(),
});
export type UploadRecord = z.infer<typeof uploadRecordSchema>;
