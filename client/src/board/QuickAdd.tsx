import { createTicket, TITLE_MAX_LENGTH } from '@fluxo/shared/board/index';
import { CHANNELS, channelSchema, type Channel } from '@fluxo/shared/flow/channels';
import type { UserId } from '@fluxo/shared/ids';
import { createSignal, createUniqueId, For } from 'solid-js';
import { useI18n } from '../i18n/locale';
import { useBoard } from './boardContext';

/**
 * Quick add in Triagem: type a title, Enter creates the ticket at the end of the column. The
 * channel defaults to e-mail (the agencies' main channel, seed 001) and stays on the last one
 * chosen. A ticket created while filtering takes the filter's client and assignee (or me, with
 * "só os meus"), so it does not vanish from the filtered board the moment it is made.
 */
export default function QuickAdd() {
  const i18n = useI18n();
  const board = useBoard();
  const id = createUniqueId();
  const [title, setTitle] = createSignal('');
  const [channel, setChannel] = createSignal<Channel>('email');

  const submit = (event: SubmitEvent): void => {
    event.preventDefault();
    const text = title().trim();
    if (text === '' || board.readOnly()) return;
    const filters = board.filters();
    const assignee: UserId | null = filters.mine ? board.me.id : filters.assignee;
    try {
      createTicket(
        board.session.doc,
        {
          title: text,
          channel: channel(),
          clientId: filters.client,
          assignees: assignee === null ? [] : [assignee],
        },
        board.session.origin,
      );
    } catch {
      board.announce(i18n.t('board.error.command'), 'error');
      return;
    }
    setTitle('');
    board.announce(i18n.t('board.quickAdd.created', { title: text }));
  };

  return (
    <form class="quick-add" onSubmit={submit}>
      <label class="visually-hidden" for={`${id}-title`}>
        {i18n.t('board.quickAdd.label')}
      </label>
      <input
        id={`${id}-title`}
        class="quick-add__title"
        type="text"
        autocomplete="off"
        maxLength={TITLE_MAX_LENGTH}
        placeholder={i18n.t('board.quickAdd.placeholder')}
        disabled={board.readOnly()}
        value={title()}
        onInput={(e) => setTitle(e.currentTarget.value)}
      />
      <div class="quick-add__row">
        <label class="visually-hidden" for={`${id}-channel`}>
          {i18n.t('ticket.channel')}
        </label>
        <select
          id={`${id}-channel`}
          class="quick-add__channel"
          disabled={board.readOnly()}
          value={channel()}
          onChange={(e) => {
            const parsed = channelSchema.safeParse(e.currentTarget.value);
            if (parsed.success) setChannel(parsed.data);
          }}
        >
          <For each={CHANNELS}>{(c) => <option value={c}>{i18n.t(`channel.${c}`)}</option>}</For>
        </select>
        <button type="submit" class="button button--primary button--small" disabled={title().trim() === '' || board.readOnly()}>
          {i18n.t('board.quickAdd.submit')}
        </button>
      </div>
    </form>
  );
}
