import { For, Show, createSignal } from 'solid-js';
import { type DocumentVersionView, type DocumentView, fileUrl, formatFileSize } from '../data/documents';
import { useI18n } from '../i18n/locale';
import DocumentUploadForm from './DocumentUploadForm';

/**
 * One document: its title and type, the current version (number, file, size, date, who, note,
 * download), the earlier versions folded under a disclosure, and "new version" (the upload
 * form in version mode). `onArchive`, when given, adds an archive button (the client's page).
 */
export default function DocumentItem(props: { document: DocumentView; onArchive?: (document: DocumentView) => void; archiving?: boolean }) {
  const i18n = useI18n();
  const [adding, setAdding] = createSignal(false);
  const latest = () => props.document.versions[props.document.versions.length - 1] as DocumentVersionView;
  const older = () => props.document.versions.slice(0, -1).reverse();
  const date = (iso: string) => new Intl.DateTimeFormat(i18n.locale(), { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));

  const versionLine = (version: DocumentVersionView) => (
    <>
      <span class="document-item__version">{i18n.t('document.version', { version: version.version })}</span>{' '}
      <span class="document-item__meta">
        {i18n.t('document.version.meta', {
          file: version.name,
          size: formatFileSize(i18n.locale(), version.size),
          date: date(version.uploadedAt),
          person: version.uploadedBy.name,
        })}
      </span>{' '}
      <a class="document-item__download" href={fileUrl(version.sha256)} download={version.name} aria-label={i18n.t('document.download.label', { file: version.name })}>
        {i18n.t('document.download')}
      </a>
      <Show when={version.note !== ''}>
        <span class="document-item__note">{i18n.t('document.version.note', { note: version.note })}</span>
      </Show>
    </>
  );

  return (
    <li class="document-item">
      <div class="document-item__head">
        <span class="document-item__title">{props.document.title}</span>{' '}
        <span class="document-item__category">{i18n.t(`document.category.${props.document.category}`)}</span>
      </div>
      <p class="document-item__latest">{versionLine(latest())}</p>
      <Show when={older().length > 0}>
        <details class="document-item__older">
          <summary>{i18n.t('document.versions.older', { count: older().length })}</summary>
          <ul>
            <For each={older()}>{(version) => <li>{versionLine(version)}</li>}</For>
          </ul>
        </details>
      </Show>
      <div class="document-item__actions">
        <button
          type="button"
          class="button button--ghost"
          aria-expanded={adding()}
          aria-label={i18n.t('document.form.newVersion.label', { title: props.document.title })}
          onClick={() => setAdding(!adding())}
        >
          {i18n.t('document.form.newVersion')}
        </button>
        <Show when={props.onArchive}>
          {(archive) => (
            <button
              type="button"
              class="button button--ghost"
              disabled={props.archiving}
              aria-label={i18n.t('document.archive.label', { title: props.document.title })}
              onClick={() => archive()(props.document)}
            >
              {i18n.t('document.archive')}
            </button>
          )}
        </Show>
      </div>
      <Show when={adding()}>
        <DocumentUploadForm target={{ kind: 'version', document: props.document }} onCancel={() => setAdding(false)} />
      </Show>
    </li>
  );
}
