import type { ApprovalOutcome, ApprovalView, RecordedChannel } from '@fluxo/shared/approvals/approval';
import { approvalOutcomeSchema, recordedChannelSchema } from '@fluxo/shared/approvals/approval';
import type { MessageKey } from '@fluxo/shared/i18n/index';
import type { BoardId } from '@fluxo/shared/ids';
import { useMutation, useQueryClient } from '@tanstack/solid-query';
import { TRPCClientError } from '@trpc/client';
import { Show, createSignal, createUniqueId } from 'solid-js';
import { refreshApprovals } from '../data/approvals';
import { useTrpc } from '../data/trpc';
import { useI18n } from '../i18n/locale';

/** Why recording failed, in the drawer's words (the fields are kept). */
function problemOf(error: unknown): { key: MessageKey; detail?: string } {
  if (error instanceof TRPCClientError) {
    const code = (error.data as { code?: unknown } | undefined)?.code;
    if (code === 'FORBIDDEN') return { key: 'approval.error.forbidden' };
    if (code === 'CONFLICT') return { key: 'approval.error.conflict' };
    if (code === 'BAD_REQUEST') return { key: 'approval.error.invalid', detail: error.message };
  }
  return { key: 'approval.error.generic' };
}

/**
 * "Registrar resposta do cliente" under a pending request: the client answered the account
 * manager by phone or in a meeting, and staff record it in the client's name — the answer, how
 * it was given, who gave it and their words (required when they asked for changes). The server
 * stores it like the client's own decision, naming who recorded it (`approvals.record`).
 */
export default function RecordClientAnswer(props: { boardId: BoardId; approval: ApprovalView }) {
  const i18n = useI18n();
  const trpc = useTrpc();
  const queryClient = useQueryClient();
  const ids = { outcome: createUniqueId(), via: createUniqueId(), name: createUniqueId(), note: createUniqueId() };
  const [outcome, setOutcome] = createSignal<ApprovalOutcome>('approved');
  const [via, setVia] = createSignal<RecordedChannel>('phone');
  const [clientName, setClientName] = createSignal('');
  const [note, setNote] = createSignal('');
  const [problem, setProblem] = createSignal<{ key: MessageKey; detail?: string } | null>(null);

  const record = useMutation(() => ({
    mutationFn: () =>
      trpc.approvals.record.mutate({
        boardId: props.boardId,
        approvalId: props.approval.id,
        outcome: outcome(),
        via: via(),
        clientName: clientName(),
        note: note(),
      }),
    onSuccess: () => setProblem(null),
    onError: (error) => setProblem(problemOf(error)),
    onSettled: () => refreshApprovals(queryClient, props.boardId),
  }));

  const noteNeeded = () => outcome() === 'changes_requested';
  const ready = () => !record.isPending && clientName().trim() !== '' && (!noteNeeded() || note().trim() !== '');

  return (
    <details class="ticket-approval__record">
      <summary>{i18n.t('approval.record')}</summary>
      <p class="ticket-field__hint">{i18n.t('approval.record.hint')}</p>
      <form
        class="ticket-approvals__form"
        onSubmit={(event) => {
          event.preventDefault();
          if (ready()) record.mutate();
        }}
      >
        <div class="ticket-field">
          <label for={ids.outcome}>{i18n.t('approval.record.outcome')}</label>
          <select
            id={ids.outcome}
            value={outcome()}
            onChange={(e) => {
              const parsed = approvalOutcomeSchema.safeParse(e.currentTarget.value);
              if (parsed.success) setOutcome(parsed.data);
            }}
          >
            <option value="approved">{i18n.t('approval.status.approved')}</option>
            <option value="changes_requested">{i18n.t('approval.status.changes_requested')}</option>
          </select>
        </div>
        <div class="ticket-field">
          <label for={ids.via}>{i18n.t('approval.record.via')}</label>
          <select
            id={ids.via}
            value={via()}
            onChange={(e) => {
              const parsed = recordedChannelSchema.safeParse(e.currentTarget.value);
              if (parsed.success) setVia(parsed.data);
            }}
          >
            <option value="phone">{i18n.t('approval.via.phone')}</option>
            <option value="meeting">{i18n.t('approval.via.meeting')}</option>
          </select>
        </div>
        <div class="ticket-field">
          <label for={ids.name}>{i18n.t('approval.record.clientName')}</label>
          <input id={ids.name} type="text" maxLength={120} required value={clientName()} onInput={(e) => setClientName(e.currentTarget.value)} />
        </div>
        <div class="ticket-field">
          <label for={ids.note}>{i18n.t(noteNeeded() ? 'approval.record.noteRequired' : 'approval.record.note')}</label>
          <textarea id={ids.note} rows={3} required={noteNeeded()} value={note()} onInput={(e) => setNote(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button button--primary" disabled={!ready()}>
          {i18n.t('approval.record.submit')}
        </button>
        <Show when={problem()}>
          {(shown) => (
            <p role="alert" class="notice notice--error">
              {i18n.t(shown().key, { detail: shown().detail ?? '' })}
            </p>
          )}
        </Show>
      </form>
    </details>
  );
}
