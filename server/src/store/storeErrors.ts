/**
 * Start-up failures of the embedded store. They are not domain errors: nobody can fix them
 * from the browser. `main.ts` prints the message and exits with status 1, so each message
 * says what is wrong, which file it concerns, and what the operator can do.
 */

/** Another live process already owns `DATA_DIR` (see `dataDirLock.ts`). */
export class DataDirLockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirLockedError';
  }
}

/** A data file cannot be read as what it should be. The file is left exactly as it was. */
export class StoreCorruptError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(
      `${file} ${reason}. Fluxo stopped without changing it: restore the file from a backup, ` +
        'or move it away to start with an empty store.',
    );
    this.name = 'StoreCorruptError';
  }
}
