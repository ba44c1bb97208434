import { useQuery } from '@tanstack/solid-query';
import { Show, createSignal } from 'solid-js';
import { meQuery } from '../data/auth';
import { useTrpc } from '../data/trpc';
import {
  MAX_WORKSPACE_IMPORT_BYTES,
  TICKETS_CSV_URL,
  WORKSPACE_JSON_URL,
  historyCsvUrl,
  importWorkspaceFile,
} from '../data/workspaceBackup';
import { useI18n } from '../i18n/locale';
import ActionOutcome, { type Outcome } from './ActionOutcome';
import './admin.css';
import './workspaceBackup.css';

/**
 * `/admin/backup`: the CSV downloads (tickets; history for a period of agency days) for admins
 * and account managers, and for admins the whole workspace as JSON and the import of one
 * exported elsewhere. Downloads are plain links (`server/src/export/exportRoutes.ts` answers
 * them as attachments); the import says what it brought in, or why nothing was.
 */
export default function WorkspaceBackupPage() {
  const i18n = useI18n();
  const trpc = useTrpc();
  const me = useQuery(() => meQuery(trpc));
  const role = () => me.data?.role ?? null;
  const mayExportCsv = () => role() === 'admin' || role() === 'atendimento';
  const isAdmin = () => role() === 'admin';
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const badRange = () => from() !== '' && to() !== '' && from() > to();
  const [file, setFile] = createSignal<File | null>(null);
  const [busy, setBusy] = createSignal(false);
  const [outcome, setOutcome] = createSignal<Outcome | null>(null);

  const submit = async (event: SubmitEvent) => {
    event.preventDefault();
    const chosen = file();
    setOutcome(null);
    if (chosen === null) {
      setOutcome({ key: 'export.import.noFile', failed: true });
      return;
    }
    setBusy(true);
    try {
      const result = await importWorkspaceFile(chosen);
      if (result.ok) {
        const s = result.summary;
        setOutcome({
          key: 'export.import.done',
          params: { agency: s.agencyName, users: s.users, boards: s.boards, entries: s.historyEntries, comments: s.comments, files: s.files },
          failed: false,
        });
      } else if (result.code === 'invalid') setOutcome({ key: 'export.import.invalid', params: { reason: result.message }, failed: true });
      else if (result.code === 'conflict') setOutcome({ key: 'export.import.conflict', params: { reason: result.message }, failed: true });
      else if (result.code === 'too_large')
        setOutcome({ key: 'export.import.tooLarge', params: { megabytes: MAX_WORKSPACE_IMPORT_BYTES / (1024 * 1024) }, failed: true });
      else setOutcome({ key: 'export.import.failed', params: { status: result.status }, failed: true });
    } catch {
      setOutcome({ key: 'export.import.failed', params: { status: 0 }, failed: true });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="page workspace-backup">
      <h1>{i18n.t('export.title')}</h1>
      <Show
        when={mayExportCsv()}
        fallback={
          <Show when={me.data}>
            <p class="notice" role="alert">
              {i18n.t('export.forbidden')}
            </p>
          </Show>
        }
      >
        <section aria-labelledby="export-csv">
          <h2 id="export-csv">{i18n.t('export.csv.heading')}</h2>
          <p class="workspace-backup__note">{i18n.t('export.csv.note')}</p>
          <div class="workspace-backup__row">
            <a class="button" href={TICKETS_CSV_URL} download="">
              {i18n.t('export.tickets.download')}
            </a>
          </div>
          <div class="workspace-backup__row">
            <label>
              {i18n.t('export.history.from')}
              <input type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
            </label>
            <label>
              {i18n.t('export.history.to')}
              <input type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
            </label>
            <Show
              when={!badRange()}
              fallback={
                <p class="notice notice--error" role="alert">
                  {i18n.t('export.history.badRange')}
                </p>
              }
            >
              <a class="button" href={historyCsvUrl(from(), to())} download="">
                {i18n.t('export.history.download')}
              </a>
            </Show>
          </div>
        </section>
        <Show when={isAdmin()}>
          <section aria-labelledby="export-workspace">
            <h2 id="export-workspace">{i18n.t('export.workspace.heading')}</h2>
            <p class="workspace-backup__note">{i18n.t('export.workspace.note')}</p>
            <div class="workspace-backup__row">
              <a class="button" href={WORKSPACE_JSON_URL} download="">
                {i18n.t('export.workspace.download')}
              </a>
            </div>
          </section>
          <section aria-labelledby="import-workspace">
            <h2 id="import-workspace">{i18n.t('export.import.heading')}</h2>
            <p class="workspace-backup__note">{i18n.t('export.import.note')}</p>
            <form class="workspace-backup__row" onSubmit={(event) => void submit(event)}>
              <label>
                {i18n.t('export.import.file')}
                <input type="file" accept="application/json,.json" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
              </label>
              <button type="submit" class="button" disabled={busy()}>
                {busy() ? i18n.t('export.import.busy') : i18n.t('export.import.submit')}
              </button>
            </form>
            <ActionOutcome outcome={outcome()} class="workspace-backup__outcome" />
          </section>
        </Show>
      </Show>
    </div>
  );
}
