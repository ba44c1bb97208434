/**
 * pt-BR, the product's default language and the source of truth for message keys: every other
 * dictionary is typed `Dictionary`, so a key missing there fails `tsc`. Vocabulary follows the
 * agencies' own words (seeds 000–004): etapas, situação, atendimento, produção, prazo.
 * A message is a string with `{param}` placeholders, or plural forms chosen by `Intl.PluralRules`.
 */
export const ptBR = {
  'app.name': 'Fluxo',
  'app.tagline': 'O fluxo de atendimento da sua agência, ao vivo',

  'stage.triage': 'Triagem',
  'stage.analysis': 'Análise',
  'stage.planning': 'Planejamento',
  'stage.production': 'Produção',
  'stage.delivery': 'Entrega',

  'status.open': 'Aberto',
  'status.waiting_client': 'Aguardando cliente',
  'status.done': 'Concluído',
  'status.cancelled': 'Cancelado',

  'holder.atendimento': 'Atendimento',
  'holder.producao': 'Produção',

  'step.concept': 'Conceito',
  'step.copy': 'Redação',
  'step.design': 'Design',
  'step.build': 'Construção',
  'step.review': 'Homologação',
  'step.publish': 'Publicação',

  'channel.email': 'E-mail',
  'channel.phone': 'Telefone',
  'channel.whatsapp': 'WhatsApp',
  'channel.meeting': 'Reunião',
  'channel.social_audience': 'Redes sociais — audiência',
  'channel.social_launch': 'Redes sociais — lançamento',
  'channel.social_students': 'Redes sociais — alunos',
  'channel.portal': 'Portal do cliente',

  'role.admin': 'Diretoria',
  'role.atendimento': 'Atendimento',
  'role.producao': 'Produção',

  'loyalty.probable': 'Provável',
  'loyalty.potential': 'Potencial',
  'loyalty.trier': 'Experimentador',
  'loyalty.repeater': 'Repetidor',
  'loyalty.loyal': 'Fiel',
  'loyalty.advocate': 'Defensor',

  'move.menu': 'Mover…',
  'move.to': 'Mover para {stage}',
  'move.handoff': 'Devolver ao atendimento',
  'move.error.closed': 'Este ticket está encerrado. Reabra-o antes de movê-lo.',
  'move.error.skips_stage': 'Avance uma etapa por vez: {from} → {to} pula etapas.',

  'ticket.number': '#{number}',
  'ticket.count': { one: '{count} ticket', other: '{count} tickets' },
  'ticket.title': 'Título',
  'ticket.summary': 'Resumo para o cliente',
  'ticket.description': 'Descrição interna',
  'ticket.dueDate': 'Prazo',
  'ticket.assignees': 'Responsáveis',
  'ticket.client': 'Cliente',
  'ticket.channel': 'Canal',
  'ticket.status': 'Situação',
  'ticket.stage': 'Etapa',
  'ticket.steps': 'Etapas de produção',

  'sync.saved': 'Salvo',
  'sync.saving': 'Salvando…',
  'sync.offline': { one: 'Offline — {count} alteração pendente', other: 'Offline — {count} alterações pendentes' },

  'auth.login.title': 'Entrar no Fluxo',
  'auth.email': 'E-mail',
  'auth.password': 'Senha',
  'auth.submit': 'Entrar',
  'auth.submitting': 'Entrando…',
  'auth.logout': 'Sair',
  'auth.error.invalid': 'E-mail ou senha inválidos.',
  'auth.error.throttled': { one: 'Muitas tentativas. Tente de novo em {count} minuto.', other: 'Muitas tentativas. Tente de novo em {count} minutos.' },
  'auth.error.network': 'Não foi possível falar com o servidor. Verifique sua conexão.',
  'auth.signedInAs': 'Conectado como {name}',

  'boards.title': 'Seus quadros',
  'boards.empty': 'Você ainda não participa de nenhum quadro.',
  'boards.open': 'Abrir quadro',
  'boards.loading': 'Carregando quadros…',
  'boards.error': 'Não foi possível carregar os quadros.',
  'boards.back': 'Voltar aos quadros',
  'boards.notFound': 'Quadro não encontrado.',
  'board.column.empty': 'Nenhum ticket nesta etapa',

  'language.label': 'Idioma',

  'error.generic': 'Algo deu errado. Tente novamente.',
  'error.notFound': 'Página não encontrada.',
} as const;

type Plural = { readonly one: string; readonly other: string; readonly few?: string; readonly many?: string };
export type Message = string | Plural;
export type MessageKey = keyof typeof ptBR;
/** Every locale must define every key; plural messages stay plural. */
export type Dictionary = {
  readonly [K in MessageKey]: (typeof ptBR)[K] extends string ? string : Plural;
};
