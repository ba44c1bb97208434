import { normaliseChannelValue } from '@fluxo/shared/clients/contactChannels';
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { ClientView } from '../data/clients';
import { trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';
// The page is a lazy route: loaded here once, so the first test does not time out on the import.
import './ClientRecordPage';

const ana = { id: 'AnaAtendimento01', name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const paulo = { id: 'PauloProducao001', name: 'Paulo', email: 'paulo@demo.fluxo', role: 'producao', locale: null };
const dora = { id: 'DoraDiretora0001', name: 'Dora' };
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });
const CLIENT_ID = 'PadariaPaoDour01';
const T0 = '2025-03-01T13:00:00.000Z';

function padaria(fields: Partial<ClientView> = {}): ClientView {
  return {
    id: CLIENT_ID,
    name: 'Padaria Pão Dourado',
    primaryManager: { id: ana.id, name: 'Ana' },
    backupManager: dora,
    rung: 4,
    emails: ['marcia@paodourado.com.br'],
    domains: ['paodourado.com.br'],
    contacts: [
      {
        id: 'MarciaContato001',
        name: 'Márcia Lima',
        role: 'Sócia',
        primary: true,
        channels: [
          { kind: 'office_phone', value: '1134567890' },
          { kind: 'whatsapp', value: '+5511912345678' },
          { kind: 'email', value: 'marcia@paodourado.com.br' },
        ],
      },
    ],
    rungHistory: [
      { rung: 4, from: 3, at: T0, by: { id: ana.id, name: 'Ana' }, note: 'Voltou para o cardápio' },
      { rung: 3, from: null, at: '2025-01-01T13:00:00.000Z', by: { id: ana.id, name: 'Ana' }, note: '' },
    ],
    notes: [{ id: 'NotaDaAna0000001', body: 'Prefere WhatsApp pela manhã', at: T0, by: { id: ana.id, name: 'Ana' }, deleted: null, mayDelete: true }],
    meetings: [
      {
        id: 'BriefingLoja0001',
        title: 'Briefing e orçamento da loja virtual',
        at: T0,
        kind: 'briefing',
        attendees: ['Márcia Lima', 'Dora'],
        minutes: 'Loja com 40 produtos.',
        boardId: null,
        ticketIds: [],
        createdAt: T0,
        createdBy: { id: ana.id, name: 'Ana' },
        updatedAt: T0,
        updatedBy: { id: ana.id, name: 'Ana' },
      },
    ],
    mayEdit: true,
    mayAssign: false,
    staff: [
      { id: ana.id, name: 'Ana', role: 'atendimento' },
      { id: dora.id, name: 'Dora', role: 'admin' },
    ],
    ...fields,
  } as ClientView;
}

/** A tiny `clients.*` server over one record: each write answers with the changed record. */
function clientServer(initial: ClientView) {
  let record = initial;
  const answer = (next: Partial<ClientView>) => {
    record = { ...record, ...next } as ClientView;
    return record;
  };
  return {
    'clients.get': (raw: unknown) => {
      if ((raw as { clientId: string }).clientId !== record.id) throw trpcError('NOT_FOUND', 'client not found');
      return record;
    },
    'clients.saveContact': (raw: unknown) => {
      const { contact } = raw as { contact: { name: string; role?: string; primary?: boolean; channels: { kind: 'mobile'; value: string }[] } };
      const channels = contact.channels.map((c) => ({ kind: c.kind, value: normaliseChannelValue(c.kind, c.value) as string }));
      return answer({ contacts: [...record.contacts, { id: 'NovoContato00001', name: contact.name, role: contact.role ?? null, primary: contact.primary ?? false, channels }] as ClientView['contacts'] });
    },
    'clients.setRung': (raw: unknown) => {
      const { rung, note } = raw as { rung: 1 | 2 | 3 | 4 | 5 | 6 | null; note?: string };
      const step = { rung, from: record.rung, at: '2025-03-10T12:00:00.000Z', by: { id: ana.id, name: 'Ana' }, note: note ?? '' };
      return answer({ rung, rungHistory: [step, ...record.rungHistory] as ClientView['rungHistory'] });
    },
    'clients.addNote': (raw: unknown) => {
      const { body } = raw as { body: string };
      const note = { id: 'NovaNota00000001', body: body.trim(), at: '2025-03-10T12:00:00.000Z', by: { id: ana.id, name: 'Ana' }, deleted: null, mayDelete: true };
      return answer({ notes: [note, ...record.notes] as ClientView['notes'] });
    },
    'clients.deleteNote': (raw: unknown) => {
      const { noteId } = raw as { noteId: string };
      return answer({
        notes: record.notes.map((n) => (n.id === noteId ? { ...n, body: null, mayDelete: false, deleted: { at: '2025-03-10T12:00:00.000Z', by: { id: ana.id, name: 'Ana' } } } : n)) as ClientView['notes'],
      });
    },
    'clients.addMeeting': (raw: unknown) => {
      const { meeting } = raw as { meeting: { title: string; at: string; kind?: string; attendees: string[]; minutes: string } };
      const created = { ...meeting, kind: meeting.kind ?? null, id: 'NovaReuniao00001', boardId: null, ticketIds: [], createdAt: meeting.at, createdBy: { id: ana.id, name: 'Ana' }, updatedAt: meeting.at, updatedBy: { id: ana.id, name: 'Ana' } };
      return answer({ meetings: [created, ...record.meetings] as ClientView['meetings'] });
    },
    'clients.list': () => [],
  };
}

const section = (name: string) => screen.getByRole('region', { name });

describe('ClientRecordPage', () => {
  it('shows the record in its five sections, with links to call, write and WhatsApp', async () => {
    renderApp({ path: `/clients/${CLIENT_ID}`, handlers: { 'auth.me': () => ana, 'notifications.list': emptyCentre, ...clientServer(padaria()) } });
    expect(await screen.findByRole('heading', { name: 'Padaria Pão Dourado', level: 1 })).toBeInTheDocument();
    expect(screen.getAllByRole('region').map((r) => within(r).getAllByRole('heading')[0]?.textContent)).toEqual([
      'Contatos',
      'Atendimento',
      'Escada de lealdade',
      'Notas',
      'Reuniões',
      // Issue 8: the client's report by email (`ClientReportSection.tsx`).
      'Relatório do cliente',
    ]);
    const contacts = section('Contatos');
    expect(within(contacts).getByText('Contato principal')).toBeInTheDocument();
    expect(within(contacts).getByRole('link', { name: '(11) 3456-7890' })).toHaveAttribute('href', 'tel:1134567890');
    expect(within(contacts).getByRole('link', { name: '+55 11 91234-5678' })).toHaveAttribute('href', 'https://wa.me/5511912345678');
    expect(within(contacts).getByRole('link', { name: 'marcia@paodourado.com.br' })).toHaveAttribute('href', 'mailto:marcia@paodourado.com.br');

    expect(section('Atendimento')).toHaveTextContent(/Atendimento principal\s*Ana\s*Backup\s*Dora/);
    // Ana is no admin: she does not name managers.
    expect(within(section('Atendimento')).queryByRole('combobox')).not.toBeInTheDocument();

    const loyalty = section('Escada de lealdade');
    const current = within(loyalty).getAllByRole('listitem').find((li) => li.getAttribute('aria-current') === 'step');
    expect(current).toHaveTextContent('4º Repetidores de compras');
    expect(loyalty).toHaveTextContent('3º Experimentadores → 4º Repetidores de compras');
    expect(loyalty).toHaveTextContent('Fora da escada → 3º Experimentadores');
    expect(section('Reuniões')).toHaveTextContent(/Briefing e orçamento da loja virtual.*Briefing e orçamento.*Participantes: Márcia Lima, Dora.*Loja com 40 produtos\./);
  });

  it('refuses a bad phone in the form, saying why, and sends nothing; a good one is saved', async () => {
    const view = renderApp({ path: `/clients/${CLIENT_ID}`, handlers: { 'auth.me': () => ana, 'notifications.list': emptyCentre, ...clientServer(padaria()) } });
    await view.user.click(await screen.findByRole('button', { name: 'Adicionar contato' }));
    const form = within(section('Contatos')).getByRole('form', { name: 'Novo contato' });
    await view.user.type(within(form).getByLabelText('Nome'), 'Roberto');
    const number = within(form).getByLabelText('Número ou e-mail do canal 1');
    await view.user.type(number, '11 9ABC-5678');
    await view.user.click(within(form).getByRole('button', { name: 'Salvar contato' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('Número inválido: use DDD e número');
    expect(number).toHaveAttribute('aria-invalid', 'true');
    expect(view.server.callsTo('clients.saveContact')).toHaveLength(0);

    await view.user.clear(number);
    await view.user.type(number, '(11) 98765-4321');
    await view.user.click(within(form).getByRole('button', { name: 'Salvar contato' }));
    await waitFor(() => expect(view.server.callsTo('clients.saveContact')).toHaveLength(1));
    expect(view.server.callsTo('clients.saveContact')[0]?.input).toEqual({
      clientId: CLIENT_ID,
      contact: { name: 'Roberto', primary: false, channels: [{ kind: 'mobile', value: '(11) 98765-4321' }] },
    });
    expect(await screen.findByText('Contato Roberto salvo.')).toBeInTheDocument();
    expect(within(section('Contatos')).getByRole('link', { name: '(11) 98765-4321' })).toHaveAttribute('href', 'tel:11987654321');
  });

  it('moves the client on the ladder with a note and shows the new step first', async () => {
    const view = renderApp({ path: `/clients/${CLIENT_ID}`, handlers: { 'auth.me': () => ana, 'notifications.list': emptyCentre, ...clientServer(padaria()) } });
    const loyalty = await screen.findByRole('region', { name: 'Escada de lealdade' });
    const submit = within(loyalty).getByRole('button', { name: 'Mudar de degrau' });
    expect(submit).toBeDisabled();
    await view.user.selectOptions(within(loyalty).getByRole('combobox', { name: 'Novo degrau' }), '5');
    await view.user.type(within(loyalty).getByLabelText('Por quê? (opcional)'), 'Terceiro projeto');
    await view.user.click(submit);
    await waitFor(() => expect(view.server.callsTo('clients.setRung')[0]?.input).toEqual({ clientId: CLIENT_ID, rung: 5, note: 'Terceiro projeto' }));
    expect(await within(loyalty).findByText('Degrau do cliente alterado.')).toBeInTheDocument();
    const history = within(loyalty).getAllByRole('list')[1] as HTMLElement;
    expect(within(history).getAllByRole('listitem')[0]).toHaveTextContent('4º Repetidores de compras → 5º Clientes fiéis');
    expect(within(history).getAllByRole('listitem')[0]).toHaveTextContent('Terceiro projeto');
    expect(within(history).getAllByRole('listitem')).toHaveLength(3);
  });

  it('adds a note, deletes it leaving a mark, and records a meeting', async () => {
    const view = renderApp({ path: `/clients/${CLIENT_ID}`, handlers: { 'auth.me': () => ana, 'notifications.list': emptyCentre, ...clientServer(padaria()) } });
    const notes = await screen.findByRole('region', { name: 'Notas' });
    await view.user.type(within(notes).getByLabelText('Nova nota (só a equipe vê)'), 'Pediu fotos');
    await view.user.click(within(notes).getByRole('button', { name: 'Adicionar nota' }));
    expect(await within(notes).findByText('Pediu fotos')).toBeInTheDocument();
    const [newest] = within(notes).getAllByRole('button', { name: /Excluir a nota de Ana/ });
    await view.user.click(newest as HTMLElement);
    expect(await within(notes).findByText(/Nota excluída por Ana em/)).toBeInTheDocument();
    expect(within(notes).queryByText('Pediu fotos')).not.toBeInTheDocument();
    expect(view.server.callsTo('clients.deleteNote')[0]?.input).toEqual({ clientId: CLIENT_ID, noteId: 'NovaNota00000001' });

    const meetings = section('Reuniões');
    await view.user.click(within(meetings).getByRole('button', { name: 'Registrar reunião' }));
    const form = within(meetings).getByRole('form', { name: 'Nova reunião' });
    await view.user.type(within(form).getByLabelText('Título'), 'Rafe da home');
    fireEvent.input(within(form).getByLabelText('Data e hora'), { target: { value: '2025-03-12T14:00' } });
    await view.user.selectOptions(within(form).getByRole('combobox', { name: 'Tipo' }), 'rafe');
    await view.user.type(within(form).getByLabelText('Participantes (um por linha)'), 'Márcia{Enter}{Enter}Ana');
    await view.user.type(within(form).getByLabelText('Ata'), 'Aprovado.');
    await view.user.click(within(form).getByRole('button', { name: 'Salvar reunião' }));
    await waitFor(() => expect(view.server.callsTo('clients.addMeeting')).toHaveLength(1));
    expect(view.server.callsTo('clients.addMeeting')[0]?.input).toEqual({
      clientId: CLIENT_ID,
      meeting: { title: 'Rafe da home', at: new Date('2025-03-12T14:00').toISOString(), kind: 'rafe', attendees: ['Márcia', 'Ana'], minutes: 'Aprovado.' },
    });
    expect(await screen.findByText('Reunião “Rafe da home” salva.')).toBeInTheDocument();
    expect(within(meetings).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Rafe da home', 'Briefing e orçamento da loja virtual']);
  });

  it('is read-only for someone who may not edit, and says when the client does not exist', async () => {
    renderApp({
      path: `/clients/${CLIENT_ID}`,
      handlers: { 'auth.me': () => paulo, 'notifications.list': emptyCentre, ...clientServer(padaria({ mayEdit: false, notes: [] })) },
    });
    expect(await screen.findByText(/Só o atendimento e a diretoria alteram este cadastro\./)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Adicionar contato' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Mudar de degrau' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Nova nota (só a equipe vê)')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Registrar reunião' })).not.toBeInTheDocument();
    expect(within(section('Notas')).getByText('Nenhuma nota.')).toBeInTheDocument();
  });

  it('says when the client is not found', async () => {
    renderApp({ path: '/clients/OutraAgencia0001', handlers: { 'auth.me': () => ana, 'notifications.list': emptyCentre, ...clientServer(padaria()) } });
    expect(await screen.findByRole('alert')).toHaveTextContent('Cliente não encontrado.');
  });
});
