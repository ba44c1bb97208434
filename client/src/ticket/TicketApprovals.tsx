import type { ApprovalView, Deliverable } from '@fluxo/shared/approvals/approval';
import type { Ticket } from '@fluxo/shared/board/ticket';
import { isClosed } from '@fluxo/shared/flow/statuses';
import type { MessageKey } from '@fluxo/shared/i18n/index';
import type { BoardId } from '@fluxo/shared/ids';
import type { TicketKind } from '@fluxo/shared/kinds/ticketKind';
import type { Role } from '@fluxo/shared/roles';
import { useMutation, useQuery, useQueryClient } from '@tanstack/solid-query';
import { TRPCClientError } from '@trpc/client';
import { For, Match, Show, Switch, createSignal, createUniqueId } from 'solid-js';
import { type ApprovalRequest, refreshApprovals, ticketApprovalsQuery } from '../data/approvals';
import { UploadProblem, fileUrl, uploadFile } from '../data/documents';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';
import RecordClientAnswer from './RecordClientAnswer';
import { formatMoment } from './ticketDates';

type DeliverableType = Deliverable['type'];

/** Why sending failed, in the drawer's words (the fields are kept in every case). */
function problemOf(error: unknown): { key: MessageKey; detail?: string } {
  if (error instanceof UploadProblem) return { key: 'approval.error.file' };
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: unknown } | undefined)?.code;
    if (code === 'FORBIDDEN') return { key: 'approval.error.forbidden' };
    if (code === 'BAD_REQUEST') return { key: 'approval.error.invalid', detail: error.message };
  }
  return { key: 'approval.error.generic' };
}

/**
 * The drawer's "Aprovação do cliente": every version sent for the client's approval, newest
 * first — status, who sent it, its code (the start of the SHA-256 the client sees), the decision
 * (who, when, from the page, by email, or by phone / in a meeting as recorded by staff, and their
 * words) — what the kind still needs before the ticket can be done, a way to record an answer the
 * client gave by phone or in a meeting (`RecordClientAnswer`), and (account managers and the director, on a ticket with a client) a form
 * to send a text, a link or a file, for the ticket as a whole or one of its kind's milestones.
 */
export default function TicketApprovals(props: { boardId: BoardId; ticket: Ticket; kind: TicketKind | null; role: Role }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const headingId = createUniqueId();
  const ids = { milestone: createUniqueId(), title: createUniqueId(), type: createUniqueId(), body: createUniqueId(), note: createUniqueId() };
  const approvals = useQuery(() => ticketApprovalsQuery(trpc, props.boardId, props.ticket.id));
  const moment = (iso: string) => formatMoment(i18n.locale(), iso);
  /** What the kind still needs approved before the ticket can be done; null when nothing. */
  const missing = (): string[] | null => {
    const gate = approvals.data?.gate;
    return gate !== undefined && !gate.ok ? gate.missing : null;
  };

  const [milestone, setMilestone] = createSignal('');
  const [title, setTitle] = createSignal('');
  const [type, setType] = createSignal<DeliverableType>('text');
  const [text, setText] = createSignal('');
  const [url, setUrl] = createSignal('');
  const [file, setFile] = createSignal<File | null>(null);
  const [note, setNote] = createSignal('');
  const [outcome, setOutcome] = createSignal<{ kind: 'sent'; version: number } | { kind: 'withdrawn' } | { kind: 'failed'; key: MessageKey; detail?: string } | null>(null);
  let fileInput: HTMLInputElement | undefined;

  const mayAsk = () => props.role !== 'producao' && props.ticket.clientId !== null && !isClosed(props.ticket.status);

  const deliverable = async (): Promise<Deliverable> => {
    switch (type()) {
      case 'text':
        return { type: 'text', text: text() };
      case 'link':
        return { type: 'link', url: url().trim() };
      case 'file': {
        const chosen = file();
        if (chosen === null) throw new UploadProblem('empty');
        const uploaded = await uploadFile(chosen);
        return { type: 'file', sha256: uploaded.sha256, name: uploaded.name, contentType: uploaded.contentType, size: uploaded.size };
      }
    }
  };

  const send = useMutation(() => ({
    mutationFn: async (): Promise<ApprovalView> => {
      const request: ApprovalRequest = {
        boardId: props.boardId,
        ticketId: props.ticket.id,
        milestoneId: milestone() === '' ? null : milestone(),
        title: title(),
        note: note(),
        deliverable: await deliverable(),
      };
      return trpc.approvals.request.mutate(request);
    },
    onSuccess: (sent) => {
      setOutcome({ kind: 'sent', version: sent.version });
      setTitle('');
      setText('');
      setUrl('');
      setNote('');
      setFile(null);
      if (fileInput) fileInput.value = '';
    },
    onError: (error) => setOutcome({ kind: 'failed', ...problemOf(error) }),
    onSettled: () => refreshApprovals(queryClient, props.boardId),
  }));

  const withdraw = useMutation(() => ({
    mutationFn: (approval: ApprovalView) => trpc.approvals.withdraw.mutate({ boardId: props.boardId, approvalId: approval.id }),
    onSuccess: () => setOutcome({ kind: 'withdrawn' }),
    onError: (error) => setOutcome({ kind: 'failed', ...problemOf(error) }),
    onSettled: () => refreshApprovals(queryClient, props.boardId),
  }));

  const ready = () => {
    if (title().trim() === '' || send.isPending) return false;
    if (type() === 'text') return text().trim() !== '';
    if (type() === 'link') return url().trim() !== '';
    return file() !== null;
  };

  const decisionText = (approval: ApprovalView) => {
    const decision = approval.decision;
    if (decision === null) return '';
    const via = i18n.t(`approval.via.${decision.via}`);
    return i18n.t('approval.decided', {
      outcome: i18n.t(`approval.status.${decision.outcome}`),
      name: decision.by.name ?? decision.by.email ?? i18n.t('share.author.client'),
      at: moment(decision.at),
      via: decision.recordedBy === null ? via : `${via}, ${i18n.t('approval.recordedBy', { name: decision.recordedByName ?? i18n.t('drawer.person.unknown') })}`,
    });
  };

  return (
    <section class="ticket-approvals" aria-labelledby={headingId}>
      <h3 id={headingId}>{i18n.t('approval.section')}</h3>
      <Show
        when={missing()}
        fallback={
          <Show when={props.kind?.approvalBeforeDone && approvals.data?.gate.ok && approvals.data.approvals.length > 0}>
            <p class="ticket-field__hint">{i18n.t('approval.gate.ok')}</p>
          </Show>
        }
      >
        {(items) => (
          <p class="notice ticket-approvals__gate" data-gate="missing">
            {i18n.t('approval.gate.missing', { items: new Intl.ListFormat(i18n.locale(), { type: 'conjunction' }).format(items()) })}
          </p>
        )}
      </Show>
      <Show when={(approvals.data?.approvals.length ?? 0) > 0} fallback={<p class="ticket-field__hint">{i18n.t('approval.none')}</p>}>
        <ol class="ticket-approvals__list">
          <For each={approvals.data?.approvals ?? []}>
            {(approval) => (
              <li class="ticket-approval" data-status={approval.status}>
                <p class="ticket-approval__head">
                  <strong>{approval.milestone === null ? approval.title : `${approval.milestone.name} — ${approval.title}`}</strong>{' '}
                  <span class="ticket-approval__version">{i18n.t('approval.version', { version: approval.version })}</span>{' '}
                  <span class="badge badge--approval-status" data-status={approval.status}>
                    {i18n.t(`approval.status.${approval.status}`)}
                  </span>
                </p>
                <p class="ticket-approval__meta">
                  {i18n.t('approval.sentBy', { name: approval.requestedBy.name ?? i18n.t('drawer.person.unknown'), at: moment(approval.requestedAt) })} ·{' '}
                  {i18n.t('approval.code', { code: approval.contentHash.slice(0, 12) })}
                </p>
                <Switch>
                  <Match when={approval.deliverable.type === 'link' ? approval.deliverable : null}>
                    {(link) => (
                      <p class="ticket-approval__deliverable">
                        <a href={link().url} target="_blank" rel="noopener noreferrer nofollow">
                          {link().url}
                        </a>
                      </p>
                    )}
                  </Match>
                  <Match when={approval.deliverable.type === 'file' ? approval.deliverable : null}>
                    {(shared) => (
                      <p class="ticket-approval__deliverable">
                        <a href={fileUrl(shared().sha256)} download={shared().name}>
                          {shared().name}
                        </a>
                      </p>
                    )}
                  </Match>
                  <Match when={approval.deliverable.type === 'text' ? approval.deliverable : null}>
                    {(written) => <blockquote class="ticket-approval__deliverable ticket-approval__text">{written().text}</blockquote>}
                  </Match>
                </Switch>
                <Show when={approval.decision}>
                  {(decision) => (
                    <p class="ticket-approval__decision" data-outcome={decision().outcome}>
                      {decisionText(approval)}
                      <Show when={decision().note}>
                        <span class="ticket-approval__decision-note">{decision().note}</span>
                      </Show>
                    </p>
                  )}
                </Show>
                <Show when={approval.status === 'pending' && props.role !== 'producao'}>
                  <button type="button" class="button button--ghost" disabled={withdraw.isPending} onClick={() => withdraw.mutate(approval)}>
                    {i18n.t('approval.withdraw')}
                  </button>
                  <RecordClientAnswer boardId={props.boardId} approval={approval} />
                </Show>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={mayAsk()}>
        <details class="ticket-approvals__new">
          <summary>{i18n.t('approval.new')}</summary>
          <form
            class="ticket-approvals__form"
            onSubmit={(event) => {
              event.preventDefault();
              if (ready()) send.mutate();
            }}
          >
            <Show when={(props.kind?.milestones.length ?? 0) > 0}>
              <div class="ticket-field">
                <label for={ids.milestone}>{i18n.t('approval.field.milestone')}</label>
                <select id={ids.milestone} value={milestone()} onChange={(event) => setMilestone(event.currentTarget.value)}>
                  <option value="">{i18n.t('approval.field.milestone.none')}</option>
                  <For each={props.kind?.milestones ?? []}>{(m) => <option value={m.id}>{m.name}</option>}</For>
                </select>
              </div>
            </Show>
            <div class="ticket-field">
              <label for={ids.title}>{i18n.t('approval.field.title')}</label>
              <input id={ids.title} type="text" maxLength={200} required value={title()} onInput={(event) => setTitle(event.currentTarget.value)} />
            </div>
            <fieldset class="ticket-approvals__types">
              <legend>{i18n.t('approval.field.type')}</legend>
              <For each={['text', 'link', 'file'] as const}>
                {(option) => (
                  <label>
                    <input type="radio" name={ids.type} value={option} checked={type() === option} onChange={() => setType(option)} />{' '}
                    {i18n.t(`approval.type.${option}`)}
                  </label>
                )}
              </For>
            </fieldset>
            <Switch>
              <Match when={type() === 'text'}>
                <div class="ticket-field">
                  <label for={ids.body}>{i18n.t('approval.field.text')}</label>
                  <textarea id={ids.body} rows={4} maxLength={20_000} value={text()} onInput={(event) => setText(event.currentTarget.value)} />
                </div>
              </Match>
              <Match when={type() === 'link'}>
                <div class="ticket-field">
                  <label for={ids.body}>{i18n.t('approval.field.url')}</label>
                  <input id={ids.body} type="url" inputMode="url" maxLength={2_000} value={url()} onInput={(event) => setUrl(event.currentTarget.value)} />
                  <p class="ticket-field__hint">{i18n.t('approval.linkNote')}</p>
                </div>
              </Match>
              <Match when={type() === 'file'}>
                <div class="ticket-field">
                  <label for={ids.body}>{i18n.t('approval.field.file')}</label>
                  <input id={ids.body} type="file" ref={fileInput} onChange={(event) => setFile(event.currentTarget.files?.[0] ?? null)} />
                </div>
              </Match>
            </Switch>
            <div class="ticket-field">
              <label for={ids.note}>{i18n.t('approval.field.note')}</label>
              <textarea id={ids.note} rows={2} maxLength={5_000} value={note()} onInput={(event) => setNote(event.currentTarget.value)} />
            </div>
            <button type="submit" class="button" disabled={!ready()}>
              {send.isPending ? i18n.t('approval.sending') : i18n.t('approval.submit')}
            </button>
          </form>
        </details>
      </Show>
      <Show when={outcome()}>
        {(shown) => (
          <Switch>
            <Match when={shown().kind === 'failed' ? (shown() as { key: MessageKey; detail?: string }) : null}>
              {(failed) => (
                <p class="notice notice--error" role="alert">
                  {i18n.t(failed().key, { detail: failed().detail ?? '' })}
                </p>
              )}
            </Match>
            <Match when={shown().kind === 'sent' ? (shown() as { version: number }) : null}>
              {(sent) => <p role="status">{i18n.t('approval.sent', { version: sent().version })}</p>}
            </Match>
            <Match when={shown().kind === 'withdrawn'}>
              <p role="status">{i18n.t('approval.withdrawn')}</p>
            </Match>
          </Switch>
        )}
      </Show>
    </section>
  );
}
