import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { CannedReplyItem, SignatureRulesInput } from '../data/replies';
import { trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const dora = { id: 'DoraDiretora0001', name: 'Dora', email: 'dora@demo.fluxo', role: 'admin', locale: null };
const ana = { id: 'AnaAtendimento01', name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const paulo = { id: 'PauloProducao001', name: 'Paulo', email: 'paulo@demo.fluxo', role: 'producao', locale: null };
const CLINIC = { id: 'ClinicaSorriso01', name: 'Clínica Sorriso' };
const BAKERY = { id: 'PadariaPao000001', name: 'Padaria Pão Dourado' };
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });

/** A tiny replies server: list/save/archive over a list, signature rules kept whole. */
function repliesServer() {
  let rows: CannedReplyItem[] = [
    { id: 'ReplyAgradecer01', title: 'Agradecer elogio', body: 'Obrigada!', tone: 'praise', clientId: null, archived: false } as CannedReplyItem,
  ];
  let rules: SignatureRulesInput = { support: 'Equipe de Suporte de {especialista}', praise: '{especialista}', experts: [] };
  return {
    'boards.list': () => [],
    'notifications.list': emptyCentre,
    'replies.list': () => rows,
    'replies.clients': () => [CLINIC, BAKERY],
    'replies.save': (raw: unknown) => {
      const input = raw as Omit<CannedReplyItem, 'id' | 'archived'> & { id?: string };
      if (input.title.length > 120) throw trpcError('BAD_REQUEST', 'title: too long');
      const saved = { archived: false, ...input, id: input.id ?? `Reply${rows.length}`.padEnd(16, '0') } as CannedReplyItem;
      rows = input.id ? rows.map((r) => (r.id === input.id ? { ...saved, archived: r.archived } : r)) : [...rows, saved];
      return saved;
    },
    'replies.archive': (raw: unknown) => {
      const { id, archived } = raw as { id: string; archived: boolean };
      rows = rows.map((r) => (r.id === id ? { ...r, archived } : r));
      return rows.find((r) => r.id === id);
    },
    'replies.signatures': () => ({ rules, custom: rules.experts.length > 0 }),
    'replies.setSignatures': (raw: unknown) => {
      rules = raw as SignatureRulesInput;
      return { rules, custom: true };
    },
  };
}

describe('RepliesPage', () => {
  it('lets an admin write a reply (unknown placeholders named before sending), archive it, and set the signature rules', async () => {
    const view = renderApp({ path: '/boards', handlers: { 'auth.me': () => dora, ...repliesServer() } });
    await view.user.click(await screen.findByRole('link', { name: 'Respostas prontas' }));
    expect(await screen.findByRole('heading', { name: 'Respostas prontas', level: 1 })).toBeInTheDocument();
    const table = await screen.findByRole('table');
    expect(within(table).getAllByRole('row')[1]).toHaveTextContent('Agradecer elogioElogioTodos os clientes');

    await view.user.type(screen.getByLabelText('Título'), 'Horário da clínica');
    await view.user.selectOptions(screen.getByLabelText('Cliente'), CLINIC.id);
    // `{` starts a key descriptor for user-event: `{{` types one brace.
    await view.user.type(screen.getByLabelText('Texto'), 'Oi {{nome}, atendemos das 8h às 18h.');
    await view.user.click(screen.getByRole('button', { name: 'Criar resposta' }));
    expect(await screen.findByText('Marcador desconhecido: {nome}. Use {especialista}, {cliente}, {atendente} ou {ticket}.')).toBeInTheDocument();
    expect(view.server.callsTo('replies.save')).toHaveLength(0);

    fireEvent.input(screen.getByLabelText('Texto'), { target: { value: 'Oi {cliente}, atendemos das 8h às 18h.' } });
    await view.user.click(screen.getByRole('button', { name: 'Criar resposta' }));
    await waitFor(() => expect(view.server.callsTo('replies.save')).toHaveLength(1));
    expect(view.server.callsTo('replies.save')[0]?.input).toEqual({
      title: 'Horário da clínica',
      body: 'Oi {cliente}, atendemos das 8h às 18h.',
      tone: 'support',
      clientId: CLINIC.id,
    });
    expect(await screen.findByText('Resposta “Horário da clínica” salva.')).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(3));
    expect(screen.getByLabelText('Título')).toHaveValue('');

    await view.user.click(screen.getByRole('button', { name: 'Arquivar a resposta Agradecer elogio' }));
    await waitFor(() => expect(view.server.callsTo('replies.archive')[0]?.input).toEqual({ id: 'ReplyAgradecer01', archived: true }));
    expect(await screen.findByRole('button', { name: 'Restaurar a resposta Agradecer elogio' })).toBeInTheDocument();

    // Signature rules: start from the stored ones; an expert name for the clinic.
    const support = await screen.findByLabelText('Assinatura das respostas de suporte');
    await waitFor(() => expect(support).toHaveValue('Equipe de Suporte de {especialista}'));
    await view.user.click(screen.getByRole('button', { name: 'Adicionar nome de especialista' }));
    const expertRow = screen.getByLabelText('Nome do especialista').closest('div') as HTMLElement;
    await view.user.selectOptions(within(expertRow).getByLabelText('Cliente'), CLINIC.id);
    await view.user.type(within(expertRow).getByLabelText('Nome do especialista'), 'Dra. Helena Prado');
    fireEvent.input(screen.getByLabelText('Assinatura dos agradecimentos a elogios'), { target: { value: '— {especialista}' } });
    await view.user.click(screen.getByRole('button', { name: 'Salvar assinaturas' }));
    await waitFor(() => expect(view.server.callsTo('replies.setSignatures')).toHaveLength(1));
    expect(view.server.callsTo('replies.setSignatures')[0]?.input).toEqual({
      support: 'Equipe de Suporte de {especialista}',
      praise: '— {especialista}',
      experts: [{ clientId: CLINIC.id, name: 'Dra. Helena Prado' }],
    });
    expect(await screen.findByText('Assinaturas salvas.')).toBeInTheDocument();
  });

  it('shows a server refusal, keeps the draft; an account manager edits replies but sees no signature rules', async () => {
    const view = renderApp({ path: '/respostas', handlers: { 'auth.me': () => ana, ...repliesServer() } });
    await screen.findByRole('table');
    await view.user.click(screen.getByRole('button', { name: 'Editar a resposta Agradecer elogio' }));
    expect(screen.getByLabelText('Título')).toHaveValue('Agradecer elogio');
    fireEvent.input(screen.getByLabelText('Título'), { target: { value: 'x'.repeat(121) } });
    await view.user.click(screen.getByRole('button', { name: 'Salvar alterações' }));
    expect(await screen.findByText(/Confira os campos/)).toBeInTheDocument();
    expect(screen.getByLabelText('Título')).toHaveValue('x'.repeat(121));
    expect(view.server.callsTo('replies.save')[0]?.input).toMatchObject({ id: 'ReplyAgradecer01' });
    expect(screen.queryByRole('heading', { name: 'Assinaturas' })).toBeNull();
    expect(view.server.callsTo('replies.signatures')).toHaveLength(0);
  });

  it('lets production read the replies without editing them', async () => {
    renderApp({ path: '/respostas', handlers: { 'auth.me': () => paulo, ...repliesServer() } });
    const table = await screen.findByRole('table');
    expect(within(table).getByText('Agradecer elogio')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Criar resposta' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Arquivar/ })).toBeNull();
  });
});
