import { screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../data/mail';
import { trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const dora = { id: 'DoraDiretora0001', name: 'Dora', email: 'dora@demo.fluxo', role: 'admin', locale: null };
const paulo = { id: 'PauloProducao001', name: 'Paulo', email: 'paulo@demo.fluxo', role: 'producao', locale: null };
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });

function row(id: string, fields: Partial<OutboxItem>): OutboxItem {
  return {
    id: id.padEnd(16, '0'),
    kind: 'client_comment',
    to: 'joana@padaria.com.br',
    locale: 'pt-BR',
    status: 'pending',
    attempts: 0,
    nextAttemptAt: '2025-03-10T12:00:00.000Z',
    lastError: null,
    messageId: null,
    boardId: 'BoardFluxoDemo01',
    ticketId: 'Ticket0000000012',
    createdAt: '2025-03-10T11:00:00.000Z',
    sentAt: null,
    ...fields,
  } as OutboxItem;
}

describe('MailOutboxPage', () => {
  it('lists the outbox for admins, filters by status in the URL, and retries a failed email', async () => {
    let rows = [
      row('failed1', { status: 'failed', attempts: 8, lastError: '550 mailbox unavailable', nextAttemptAt: null }),
      row('sent1', { status: 'sent', kind: 'notification', to: 'ana@demo.fluxo', attempts: 1, sentAt: '2025-03-10T11:01:00.000Z', nextAttemptAt: null }),
      row('sending1', { status: 'sending', kind: 'ticket_received', to: 'loja@azul.com', attempts: 1 }),
    ];
    const view = renderApp({
      path: '/boards',
      handlers: {
        'auth.me': () => dora,
        'boards.list': () => [],
        'notifications.list': emptyCentre,
        'mail.outbox': (input) => {
          const status = (input as { status?: string } | undefined)?.status;
          return status ? rows.filter((r) => r.status === status) : rows;
        },
        'mail.retry': (input) => {
          const { id } = input as { id: string };
          const target = rows.find((r) => r.id === id) as OutboxItem;
          if (target.status === 'sending' || target.status === 'sent') throw trpcError('CONFLICT', 'being sent');
          const retried = { ...target, status: 'pending' as const, attempts: 0, nextAttemptAt: '2025-03-10T12:05:00.000Z' };
          rows = rows.map((r) => (r.id === id ? retried : r));
          return retried;
        },
      },
    });
    await view.user.click(await screen.findByRole('link', { name: 'E-mails' }));
    expect(await screen.findByRole('heading', { name: 'Caixa de saída de e-mails' })).toBeInTheDocument();
    const table = await screen.findByRole('table');
    const bodyRows = () => within(table).getAllByRole('row').slice(1);
    expect(bodyRows()).toHaveLength(3);
    const failed = bodyRows()[0] as HTMLElement;
    expect(within(failed).getByText('Falhou')).toBeInTheDocument();
    expect(within(failed).getByText('550 mailbox unavailable')).toBeInTheDocument();
    expect(within(failed).getByText('Mensagem ao cliente')).toBeInTheDocument();
    expect(within(failed).getByText('8')).toBeInTheDocument();
    // Only failed and waiting emails can be retried.
    expect(within(bodyRows()[1] as HTMLElement).queryByRole('button')).not.toBeInTheDocument();
    expect(within(bodyRows()[2] as HTMLElement).queryByRole('button')).not.toBeInTheDocument();

    await view.user.selectOptions(screen.getByRole('combobox', { name: 'Situação' }), 'failed');
    await waitFor(() => expect(view.history.get()).toBe('/admin/mail?status=failed'));
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2));
    expect(view.server.callsTo('mail.outbox').at(-1)?.input).toEqual({ limit: 100, status: 'failed' });

    await view.user.click(screen.getByRole('button', { name: 'Tentar de novo o e-mail para joana@padaria.com.br' }));
    await waitFor(() => expect(view.server.callsTo('mail.retry')).toHaveLength(1));
    expect(view.server.callsTo('mail.retry')[0]?.input).toEqual({ id: 'failed1'.padEnd(16, '0') });
    expect(await screen.findByText('O e-mail para joana@padaria.com.br voltou para a fila e sai na próxima rodada.')).toBeInTheDocument();
    // It is pending now: the "failed" list no longer has it.
    expect(await screen.findByText('Nenhum e-mail nesta situação.')).toBeInTheDocument();
  });

  it('says so when the email is already on its way', async () => {
    const view = renderApp({
      path: '/admin/mail',
      handlers: {
        'auth.me': () => dora,
        'notifications.list': emptyCentre,
        'mail.outbox': () => [row('pending1', { status: 'pending' })],
        'mail.retry': () => {
          throw trpcError('CONFLICT', 'the email is being sent');
        },
      },
    });
    await view.user.click(await screen.findByRole('button', { name: 'Tentar de novo o e-mail para joana@padaria.com.br' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Este e-mail já está sendo enviado ou já foi enviado.');
  });

  it('names the promised-date emails and the ones that had nothing to tell, which cannot be retried', async () => {
    renderApp({
      path: '/admin/mail',
      handlers: {
        'auth.me': () => dora,
        'notifications.list': emptyCentre,
        'mail.outbox': () => [
          row('skipped1', { kind: 'promised_date', status: 'skipped', attempts: 1, nextAttemptAt: null }),
          row('pending1', { kind: 'promised_date', status: 'pending' }),
        ],
      },
    });
    const table = await screen.findByRole('table');
    const [skipped, pending] = within(table).getAllByRole('row').slice(1) as [HTMLElement, HTMLElement];
    expect(within(skipped).getByText('Prazo combinado ao cliente')).toBeInTheDocument();
    expect(within(skipped).getByText('Dispensado (nada novo)')).toBeInTheDocument();
    expect(within(skipped).queryByRole('button')).not.toBeInTheDocument();
    expect(within(pending).getByText('Prazo combinado ao cliente')).toBeInTheDocument();
    expect(screen.getByRole('option', { name: 'Dispensado (nada novo)' })).toBeInTheDocument();
  });

  it('is not for other staff: no link, and the page does not ask for the outbox', async () => {
    const view = renderApp({
      path: '/admin/mail',
      handlers: { 'auth.me': () => paulo, 'notifications.list': emptyCentre, 'mail.outbox': () => [] },
    });
    expect(await screen.findByText('Só a diretoria vê a caixa de saída.')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'E-mails' })).not.toBeInTheDocument();
    expect(view.server.callsTo('mail.outbox')).toHaveLength(0);
  });
});
