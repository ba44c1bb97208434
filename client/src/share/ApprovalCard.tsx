import type { ShareApproval } from '@fluxo/shared/approvals/approval';
import { formatFileSize } from '@fluxo/shared/files/fileSize';
import { Show, createSignal, createUniqueId } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { formatMoment } from '../ticket/ticketDates';
import { createSend } from './createSend';
import { sendProblemKey } from './sendProblem';

/** Sends the client's decision on one version (respond scope); rejects when it was not taken. */
export type Decide = (approval: ShareApproval, outcome: 'approved' | 'changes_requested', note: string) => Promise<void>;

/** Longest note `share.decide` accepts. */
const MAX_NOTE_LENGTH = 5_000;

/**
 * One thing the agency sent for the client's approval: what it is (a text shown as text, a link
 * opened in a new tab without referrer, a file to download under the link), its version and
 * code (the start of its SHA-256, as the email says it), who sent it and when, and the decision
 * once there is one. With a respond link and while it waits, the client approves it or asks for
 * changes — the words are optional to approve and required for changes; a refused decision (a
 * newer version sent meanwhile, decided from elsewhere, the link gone) says why and keeps them.
 */
export default function ApprovalCard(props: { approval: ShareApproval; decide: Decide | null; fileHref: (approval: ShareApproval) => string }) {
  const i18n = useI18n();
  const headingId = createUniqueId();
  const noteId = createUniqueId();
  const [note, setNote] = createSignal('');
  const [missingNote, setMissingNote] = createSignal(false);
  const send = createSend<'approved' | 'changes_requested'>();
  const moment = (iso: string) => formatMoment(i18n.locale(), iso);
  const what = () => (props.approval.milestoneName === null ? props.approval.title : `${props.approval.milestoneName} — ${props.approval.title}`);

  const submit = (outcome: 'approved' | 'changes_requested') => {
    const decide = props.decide;
    if (decide === null) return;
    const words = note().trim();
    if (outcome === 'changes_requested' && words === '') {
      setMissingNote(true);
      document.getElementById(noteId)?.focus();
      return;
    }
    setMissingNote(false);
    return send.run(
      () => decide(props.approval, outcome, words).then(() => outcome),
      () => setNote(''),
    );
  };

  return (
    <article class="share-approval" data-status={props.approval.status} aria-labelledby={headingId}>
      <header class="share-approval__header">
        <h4 id={headingId}>{what()}</h4>
        <span class="share-badge share-badge--approval" data-status={props.approval.status}>
          {i18n.t(`share.approval.status.${props.approval.status}`)}
        </span>
      </header>
      <p class="share-approval__meta">
        {i18n.t('share.approval.version', { version: props.approval.version })} ·{' '}
        {props.approval.requestedBy === null
          ? i18n.t('share.approval.sentAt', { at: moment(props.approval.requestedAt) })
          : i18n.t('share.approval.sentBy', { name: props.approval.requestedBy, at: moment(props.approval.requestedAt) })}{' '}
        · {i18n.t('share.approval.code')} <code>{props.approval.contentHash.slice(0, 12)}</code>
      </p>
      <Show when={props.approval.note}>
        <p class="share-approval__note">{props.approval.note}</p>
      </Show>
      {(() => {
        const d = props.approval.deliverable;
        switch (d.type) {
          case 'text':
            return <blockquote class="share-approval__text">{d.text}</blockquote>;
          case 'link':
            return (
              <p>
                <a href={d.url} target="_blank" rel="noopener noreferrer nofollow">
                  {i18n.t('share.approval.openLink')}
                </a>{' '}
                <span class="share-approval__url">{d.url}</span>
              </p>
            );
          case 'file':
            return (
              <p>
                <a href={props.fileHref(props.approval)} download={d.name}>
                  {i18n.t('share.approval.download', { name: d.name })}
                </a>{' '}
                <span class="share-approval__size">({formatFileSize(i18n.locale(), d.size)})</span>
              </p>
            );
        }
      })()}
      <Show when={props.approval.decision}>
        {(decision) => (
          <p class="share-approval__decision" data-outcome={decision().outcome}>
            {i18n.t(decision().outcome === 'approved' ? 'share.approval.approvedBy' : 'share.approval.changesBy', {
              name: decision().by ?? i18n.t('share.author.client'),
              at: moment(decision().at),
            })}
            <Show when={decision().note}>
              <span class="share-approval__decision-note">{decision().note}</span>
            </Show>
          </p>
        )}
      </Show>
      <Show when={props.decide !== null && props.approval.status === 'pending'}>
        <form class="share-approval__form" onSubmit={(event) => event.preventDefault()}>
          <label for={noteId}>{i18n.t('share.approval.noteLabel')}</label>
          <textarea
            id={noteId}
            rows={2}
            maxLength={MAX_NOTE_LENGTH}
            value={note()}
            aria-invalid={missingNote()}
            aria-describedby={missingNote() ? `${noteId}-missing` : undefined}
            onInput={(event) => setNote(event.currentTarget.value)}
          />
          <Show when={missingNote()}>
            <p id={`${noteId}-missing`} role="alert" class="share-reply__error">
              {i18n.t('share.approval.noteRequired')}
            </p>
          </Show>
          <div class="share-approval__actions">
            <button type="button" class="share-approval__approve" disabled={send.sending()} onClick={() => void submit('approved')}>
              {i18n.t('share.approval.approve')}
            </button>
            <button type="button" class="share-approval__changes" disabled={send.sending()} onClick={() => void submit('changes_requested')}>
              {i18n.t('share.approval.askChanges')}
            </button>
          </div>
          <Show when={send.failed()}>
            {(failure) => (
              <p role="alert" class="share-reply__error">
                {i18n.t(sendProblemKey(failure().problem, 'share.approval.error'))}
              </p>
            )}
          </Show>
        </form>
      </Show>
      <Show when={send.sent()}>
        {(done) => <p role="status">{i18n.t(done().result === 'approved' ? 'share.approval.sentApproved' : 'share.approval.sentChanges')}</p>}
      </Show>
    </article>
  );
}
