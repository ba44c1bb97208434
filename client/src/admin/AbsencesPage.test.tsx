import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { AbsenceItem, AbsenceList } from '../data/absences';
import { trpcError } from '../test/fakeServer';
import { renderApp } from '../test/renderApp';

const dora = { id: 'DoraDiretora0001', name: 'Dora', email: 'dora@demo.fluxo', role: 'admin', locale: null };
const ana = { id: 'AnaAtendimento01', name: 'Ana', email: 'ana@demo.fluxo', role: 'atendimento', locale: null };
const beatriz = { id: 'BeatrizAtend0001', name: 'Beatriz' };
const paulo = { id: 'PauloProducao001', name: 'Paulo' };
const emptyCentre = () => ({ items: [], unreadCount: 0, hasMore: false, cursor: '0' });

function absence(id: string, user: { id: string; name: string }, from: string, to: string, fields: Partial<AbsenceItem> = {}): AbsenceItem {
  return { id: id.padEnd(16, '0'), user, from, to, note: '', createdBy: user.id, createdAt: '2025-11-01T12:00:00.000Z', current: false, coverage: [], ...fields } as AbsenceItem;
}

/** A tiny absences server: the list, and create/remove that change it. */
function absencesServer(initial: AbsenceItem[], people: { id: string; name: string }[]) {
  let rows = [...initial];
  return {
    'absences.people': () => people,
    'absences.list': (): AbsenceList => ({ today: '2025-11-24', absences: rows } as AbsenceList),
    'absences.create': (raw: unknown) => {
      const input = raw as { userId: string; from: string; to: string; note?: string };
      if (rows.some((r) => r.user.id === input.userId && r.from <= input.to && input.from <= r.to)) throw trpcError('CONFLICT', 'overlap');
      if (input.from > input.to) throw trpcError('BAD_REQUEST', 'cannot end before it starts');
      const user = people.find((p) => p.id === input.userId) as { id: string; name: string };
      const created = absence(`New${rows.length}`, user, input.from, input.to, { note: input.note ?? '' });
      rows = [...rows, created];
      return created;
    },
    'absences.remove': (raw: unknown) => {
      const { id } = raw as { id: string };
      rows = rows.filter((r) => r.id !== id);
      return { id };
    },
  };
}

describe('AbsencesPage', () => {
  it('lets an admin see who is away, record an absence for anyone, and remove one', async () => {
    const view = renderApp({
      path: '/boards',
      handlers: {
        'auth.me': () => dora,
        'boards.list': () => [],
        'notifications.list': emptyCentre,
        ...absencesServer([absence('Beatriz', beatriz, '2025-11-24', '2025-11-30', { current: true, note: 'Férias' })], [
          { id: ana.id, name: 'Ana' },
          beatriz,
          { id: dora.id, name: 'Dora' },
          paulo,
        ]),
      },
    });
    await view.user.click(await screen.findByRole('link', { name: 'Ausências' }));
    expect(await screen.findByRole('heading', { name: 'Ausências', level: 1 })).toBeInTheDocument();
    const table = await screen.findByRole('table');
    const beatrizRow = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(beatrizRow).toHaveTextContent('Beatriz');
    expect(beatrizRow).toHaveTextContent('24/11/2025 a 30/11/2025');
    expect(beatrizRow).toHaveTextContent('Ausente agora');
    expect(beatrizRow).toHaveTextContent('Férias');

    // The form starts on the agency's today.
    await waitFor(() => expect(screen.getByLabelText('Primeiro dia')).toHaveValue('2025-11-24'));
    await view.user.selectOptions(screen.getByRole('combobox', { name: 'Pessoa' }), paulo.id);
    fireEvent.input(screen.getByLabelText('Primeiro dia'), { target: { value: '2025-12-01' } });
    fireEvent.input(screen.getByLabelText('Último dia'), { target: { value: '2025-12-05' } });
    await view.user.type(screen.getByLabelText('Observação (só a equipe vê)'), 'Curso');
    await view.user.click(screen.getByRole('button', { name: 'Registrar ausência' }));
    await waitFor(() => expect(view.server.callsTo('absences.create')).toHaveLength(1));
    expect(view.server.callsTo('absences.create')[0]?.input).toEqual({ userId: paulo.id, from: '2025-12-01', to: '2025-12-05', note: 'Curso' });
    expect(await screen.findByText('Ausência de Paulo registrada.')).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(3));

    await view.user.click(screen.getByRole('button', { name: 'Remover a ausência de Beatriz (24/11/2025 a 30/11/2025)' }));
    await waitFor(() => expect(view.server.callsTo('absences.remove')[0]?.input).toEqual({ id: 'Beatriz'.padEnd(16, '0') }));
    expect(await screen.findByText('Ausência de Beatriz removida.')).toBeInTheDocument();
    await waitFor(() => expect(within(screen.getByRole('table')).getAllByRole('row')).toHaveLength(2));
  });

  it("lets anyone else record only their own absence, remove only their own, and says why a save failed", async () => {
    const view = renderApp({
      path: '/absences',
      handlers: {
        'auth.me': () => ana,
        'notifications.list': emptyCentre,
        ...absencesServer(
          [absence('Beatriz', beatriz, '2025-11-24', '2025-11-30', { current: true }), absence('Ana', { id: ana.id, name: 'Ana' }, '2025-12-10', '2025-12-12')],
          [{ id: ana.id, name: 'Ana' }],
        ),
      },
    });
    const table = await screen.findByRole('table');
    const [beatrizRow, anaRow] = within(table).getAllByRole('row').slice(1) as HTMLElement[];
    expect(within(beatrizRow as HTMLElement).queryByRole('button')).not.toBeInTheDocument();
    expect(within(anaRow as HTMLElement).getByRole('button', { name: /Remover a ausência de Ana/ })).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Pessoa' })).not.toBeInTheDocument();

    await waitFor(() => expect(screen.getByLabelText('Primeiro dia')).toHaveValue('2025-11-24'));
    fireEvent.input(screen.getByLabelText('Primeiro dia'), { target: { value: '2025-12-11' } });
    fireEvent.input(screen.getByLabelText('Último dia'), { target: { value: '2025-12-20' } });
    await view.user.click(screen.getByRole('button', { name: 'Registrar ausência' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Essa pessoa já tem uma ausência nesses dias.');
    expect(view.server.callsTo('absences.create')[0]?.input).toEqual({ userId: ana.id, from: '2025-12-11', to: '2025-12-20' });

    fireEvent.input(screen.getByLabelText('Primeiro dia'), { target: { value: '2026-01-10' } });
    fireEvent.input(screen.getByLabelText('Último dia'), { target: { value: '2026-01-05' } });
    fireEvent.submit(screen.getByRole('button', { name: 'Registrar ausência' }).closest('form') as HTMLFormElement);
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent('Confira as datas: o último dia não pode ser antes do primeiro'),
    );
  });

  it('says so when nobody is away', async () => {
    renderApp({
      path: '/absences',
      handlers: { 'auth.me': () => ana, 'notifications.list': emptyCentre, ...absencesServer([], [{ id: ana.id, name: 'Ana' }]) },
    });
    expect(await screen.findByText('Ninguém está ausente nem tem ausência marcada.')).toBeInTheDocument();
  });
});
