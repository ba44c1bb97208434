/**
 * The upload port over a `RecordState`, shared by the in-memory twin and the lowdb adapter like
 * `absencePorts.ts`. One record per (agency, sha256): recording the same bytes again refreshes
 * it (see `uploadRecords.ts`).
 *
 * `heldFile` answers the download rule of `GET /api/files/<sha256>`: staff of an agency may read
 * a file that one of the agency's records names — an upload, a document version, or an inbound
 * mail attachment (`mailRecords.ts`). It reads those lists from the same committed state rather
 * than through three ports, so the answer is one consistent snapshot.
 */
import type { AgencyId } from '@fluxo/shared/ids';
import { checked } from './recordPorts.js';
import type { RecordState } from './recordState.js';
import { type UploadRecord, uploadRecordSchema } from './uploadRecords.js';

/** What a download needs to know of a file the agency holds. */
export interface HeldFile {
  readonly sha256: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
}

export interface UploadStore {
  /** Stores the upload, or refreshes the agency's record of the same bytes; returns what is stored. */
  record(upload: UploadRecord): Promise<UploadRecord>;
  /** The agency's record of these bytes, or `null`. */
  get(agencyId: AgencyId, sha256: string): Promise<UploadRecord | null>;
  /**
   * The file as the agency knows it (its upload record first, else its newest document version
   * of those bytes, else a mail attachment of its tickets), or `null` when no record of the
   * agency names these bytes.
   */
  heldFile(agencyId: AgencyId, sha256: string): Promise<HeldFile | null>;
}

const copy = <T>(value: T): T => structuredClone(value);

export function createUploadPorts(state: RecordState): { uploads: UploadStore } {
  const uploads: UploadStore = {
    async record(candidate) {
      const upload = checked(uploadRecordSchema, 'upload', candidate);
      return state.commit((data) => {
        const index = data.uploads.findIndex((u) => u.agencyId === upload.agencyId && u.sha256 === upload.sha256);
        if (index === -1) data.uploads.push(copy(upload));
        else data.uploads[index] = copy(upload);
        return copy(upload);
      });
    },
    async get(agencyId, sha256) {
      const found = state.read().uploads.find((u) => u.agencyId === agencyId && u.sha256 === sha256);
      return found ? copy(found) : null;
    },
    async heldFile(agencyId, sha256) {
      const data = state.read();
      const upload = data.uploads.find((u) => u.agencyId === agencyId && u.sha256 === sha256);
      if (upload) return { sha256, name: upload.name, contentType: upload.contentType, size: upload.size };
      for (let i = data.documents.length - 1; i >= 0; i--) {
        const document = data.documents[i];
        if (document?.agencyId !== agencyId) continue;
        const version = document.versions.findLast((v) => v.sha256 === sha256);
        if (version) return { sha256, name: version.name, contentType: version.contentType, size: version.size };
      }
      const attachment = data.attachments.find((a) => a.agencyId === agencyId && a.sha256 === sha256);
      if (attachment) return { sha256, name: attachment.fileName, contentType: attachment.mimeType, size: attachment.size };
      return null;
    },
  };
  return { uploads };
}
