/**
 * The words of Fluxo's emails, in pt-BR (the source of keys), en and ru.
 *
 * They live here, not in `@fluxo/shared/i18n`, because only the server sends mail: the browser
 * bundle does not need them. Stage, status and channel names still come from the shared
 * dictionaries, so a column reads the same in the app and in the mailbox. Same format as the
 * shared ones: `{param}` placeholders, plural forms picked with `Intl.PluralRules`.
 */
import type { Locale } from '@fluxo/shared/i18n/translate';

type Plural = { readonly one: string; readonly few?: string; readonly many?: string; readonly other: string };
type Text = string | Plural;

const ptBR = {
  'ticket.noSubject': '(sem assunto)',
  'ticket.sentBy': 'Enviado por e-mail por {from}.',
  'reply.attachmentsOnly': 'Anexos: {names}',

  'greeting.named': 'Olá, {name}!',
  'greeting.anonymous': 'Olá!',
  'signature': 'Equipe {agency}',

  'received.lead': 'Recebemos a sua mensagem e abrimos o ticket #{number}: "{title}".',
  'received.leadUnnumbered': 'Recebemos a sua mensagem e abrimos um ticket: "{title}".',
  'received.next': 'A nossa equipe de atendimento já está cuidando dele. Para acrescentar algo, é só responder a este e-mail.',
  'received.timeline': 'Acompanhe o andamento: {url}',

  'client.lead': { one: 'Há uma nova mensagem sobre o seu pedido:', other: 'Há {count} novas mensagens sobre o seu pedido:' },
  'client.summary': 'Resumo do pedido',
  'client.state': 'Situação: {status} · Etapa: {stage}',
  'client.replyHint': 'Para responder, é só responder a este e-mail.',

  'promised.subject.set': 'Prazo combinado: {subject}',
  'promised.subject.changed': 'Novo prazo: {subject}',
  'promised.subject.removed': 'Prazo retirado: {subject}',
  'promised.ticket': '#{number} "{title}"',
  'promised.ticketUnnumbered': '"{title}"',
  'promised.set': 'O prazo combinado para o seu pedido {ticket} é {date}.',
  'promised.changed': 'O prazo combinado para o seu pedido {ticket} mudou. Novo prazo: {date}.',
  'promised.removed': 'O seu pedido {ticket} está, por enquanto, sem prazo definido. Avisaremos assim que houver um novo prazo.',
  'promised.previous': 'Antes: {date}',
  'promised.replyHint': 'Alguma dúvida sobre o prazo? É só responder a este e-mail.',

  'satisfaction.subject': 'Como foi a entrega? {subject}',
  'satisfaction.lead': 'Entregamos o seu pedido {ticket}. Como foi para você?',
  'satisfaction.ask': 'Dê uma nota de 1 a 5 e, se quiser, deixe um comentário (leva menos de um minuto): {url}',
  'satisfaction.link': 'Avaliar a entrega',
  'satisfaction.replyHint': 'Prefere contar com as suas palavras? É só responder a este e-mail.',

  'staff.lead': { one: 'Uma novidade neste ticket:', other: '{count} novidades neste ticket:' },
  'staff.mentioned': '{actor} mencionou você.',
  'staff.handed_to_me': '{actor} devolveu o ticket ao atendimento.',
  'staff.assigned': '{actor} atribuiu o ticket a você.',
  'staff.client_replied': '{actor} respondeu.',
  'staff.approval_answered': '{actor} respondeu a um pedido de aprovação.',
  'staff.due_soon': 'O prazo deste ticket está chegando.',
  'staff.overdue': 'O prazo deste ticket venceu.',
  'staff.new_ticket_by_email': 'Novo ticket aberto por e-mail por {actor}.',
  'staff.new_ticket_by_portal': 'Novo ticket aberto pela página do cliente por {actor}.',
  'staff.low_satisfaction': '{actor} deu nota baixa à entrega.',
  'staff.open': 'Abrir no Fluxo: {url}',
  'digest.subject': { one: 'Fluxo: {count} novidade nos seus tickets', other: 'Fluxo: {count} novidades nos seus tickets' },
  'digest.lead': 'O que aconteceu nos seus tickets:',
  'actor.system': 'O Fluxo',
  'actor.client': 'O cliente',

  'footer.client': 'Você recebe este e-mail porque fez um pedido a {agency}.',
  'footer.staff': 'Você recebe este e-mail pelas suas preferências de notificação no Fluxo.',
  'footer.unsubscribe': 'Não quer mais receber estes e-mails? Cancele a inscrição: {url}',
  'footer.unsubscribeLink': 'Cancelar inscrição',

  'unsubscribe.title': 'Cancelar inscrição',
  'unsubscribe.confirm': 'Parar de enviar e-mails de {agency} para {email}?',
  'unsubscribe.button': 'Cancelar inscrição',
  'unsubscribe.done': 'Pronto: {email} não receberá mais e-mails de {agency}.',
  'unsubscribe.unknown': 'Este link de cancelamento não é válido ou expirou.',
} satisfies Record<string, Text>;

export type MailTextKey = keyof typeof ptBR;
type MailDictionary = Readonly<Record<MailTextKey, Text>>;

const en: MailDictionary = {
  'ticket.noSubject': '(no subject)',
  'ticket.sentBy': 'Sent by email by {from}.',
  'reply.attachmentsOnly': 'Attachments: {names}',

  'greeting.named': 'Hello {name},',
  'greeting.anonymous': 'Hello,',
  'signature': 'The {agency} team',

  'received.lead': 'We received your message and opened ticket #{number}: "{title}".',
  'received.leadUnnumbered': 'We received your message and opened a ticket: "{title}".',
  'received.next': 'Our account team is already on it. To add anything, just reply to this email.',
  'received.timeline': 'Follow its progress: {url}',

  'client.lead': { one: 'There is a new message about your request:', other: 'There are {count} new messages about your request:' },
  'client.summary': 'Summary of the request',
  'client.state': 'Status: {status} · Stage: {stage}',
  'client.replyHint': 'To answer, just reply to this email.',

  'promised.subject.set': 'Promised date: {subject}',
  'promised.subject.changed': 'New date: {subject}',
  'promised.subject.removed': 'Date withdrawn: {subject}',
  'promised.ticket': '#{number} "{title}"',
  'promised.ticketUnnumbered': '"{title}"',
  'promised.set': 'The date we promised for your request {ticket} is {date}.',
  'promised.changed': 'The date we promised for your request {ticket} has changed. New date: {date}.',
  'promised.removed': 'Your request {ticket} has no set date for now. We will let you know as soon as there is a new one.',
  'promised.previous': 'Before: {date}',
  'promised.replyHint': 'Any question about the date? Just reply to this email.',

  'satisfaction.subject': 'How did the delivery go? {subject}',
  'satisfaction.lead': 'We delivered your request {ticket}. How did it go for you?',
  'satisfaction.ask': 'Rate it from 1 to 5 and, if you like, leave a comment (it takes less than a minute): {url}',
  'satisfaction.link': 'Rate the delivery',
  'satisfaction.replyHint': 'Rather tell us in your own words? Just reply to this email.',

  'staff.lead': { one: 'One update on this ticket:', other: '{count} updates on this ticket:' },
  'staff.mentioned': '{actor} mentioned you.',
  'staff.handed_to_me': '{actor} handed the ticket back to the account team.',
  'staff.assigned': '{actor} assigned the ticket to you.',
  'staff.client_replied': '{actor} replied.',
  'staff.approval_answered': '{actor} answered an approval request.',
  'staff.due_soon': 'This ticket is due soon.',
  'staff.overdue': 'This ticket is overdue.',
  'staff.new_ticket_by_email': 'New ticket opened by email by {actor}.',
  'staff.new_ticket_by_portal': 'New ticket opened from the client page by {actor}.',
  'staff.low_satisfaction': '{actor} gave the delivery a low score.',
  'staff.open': 'Open in Fluxo: {url}',
  'digest.subject': { one: 'Fluxo: {count} update on your tickets', other: 'Fluxo: {count} updates on your tickets' },
  'digest.lead': 'What happened on your tickets:',
  'actor.system': 'Fluxo',
  'actor.client': 'The client',

  'footer.client': 'You receive this email because you made a request to {agency}.',
  'footer.staff': 'You receive this email because of your notification settings in Fluxo.',
  'footer.unsubscribe': 'Rather not receive these emails? Unsubscribe: {url}',
  'footer.unsubscribeLink': 'Unsubscribe',

  'unsubscribe.title': 'Unsubscribe',
  'unsubscribe.confirm': 'Stop sending emails from {agency} to {email}?',
  'unsubscribe.button': 'Unsubscribe',
  'unsubscribe.done': 'Done: {email} will no longer receive emails from {agency}.',
  'unsubscribe.unknown': 'This unsubscribe link is not valid or has expired.',
};

const ru: MailDictionary = {
  'ticket.noSubject': '(без темы)',
  'ticket.sentBy': 'Отправлено по почте: {from}.',
  'reply.attachmentsOnly': 'Вложения: {names}',

  'greeting.named': 'Здравствуйте, {name}!',
  'greeting.anonymous': 'Здравствуйте!',
  'signature': 'Команда {agency}',

  'received.lead': 'Мы получили ваше письмо и открыли заявку #{number}: «{title}».',
  'received.leadUnnumbered': 'Мы получили ваше письмо и открыли заявку: «{title}».',
  'received.next': 'Наши менеджеры уже занимаются ею. Чтобы что-то добавить, просто ответьте на это письмо.',
  'received.timeline': 'Следите за ходом работы: {url}',

  'client.lead': {
    one: 'По вашей заявке {count} новое сообщение:',
    few: 'По вашей заявке {count} новых сообщения:',
    many: 'По вашей заявке {count} новых сообщений:',
    other: 'По вашей заявке {count} новых сообщения:',
  },
  'client.summary': 'Кратко о заявке',
  'client.state': 'Статус: {status} · Этап: {stage}',
  'client.replyHint': 'Чтобы ответить, просто ответьте на это письмо.',

  'promised.subject.set': 'Согласованный срок: {subject}',
  'promised.subject.changed': 'Новый срок: {subject}',
  'promised.subject.removed': 'Срок снят: {subject}',
  'promised.ticket': '#{number} «{title}»',
  'promised.ticketUnnumbered': '«{title}»',
  'promised.set': 'Согласованный срок по вашей заявке {ticket}: {date}',
  'promised.changed': 'Срок по вашей заявке {ticket} изменился. Новый срок: {date}',
  'promised.removed': 'У вашей заявки {ticket} пока нет срока. Мы сообщим, как только появится новый.',
  'promised.previous': 'Ранее: {date}',
  'promised.replyHint': 'Есть вопросы о сроке? Просто ответьте на это письмо.',

  'satisfaction.subject': 'Как прошла сдача работы? {subject}',
  'satisfaction.lead': 'Мы сдали работу по вашей заявке {ticket}. Как всё прошло?',
  'satisfaction.ask': 'Поставьте оценку от 1 до 5 и, если хотите, оставьте комментарий (это займёт меньше минуты): {url}',
  'satisfaction.link': 'Оценить работу',
  'satisfaction.replyHint': 'Хотите рассказать своими словами? Просто ответьте на это письмо.',

  'staff.lead': {
    one: '{count} новость по заявке:',
    few: '{count} новости по заявке:',
    many: '{count} новостей по заявке:',
    other: '{count} новости по заявке:',
  },
  'staff.mentioned': '{actor} упомянул(а) вас.',
  'staff.handed_to_me': '{actor} вернул(а) заявку менеджерам.',
  'staff.assigned': '{actor} назначил(а) вас исполнителем.',
  'staff.client_replied': '{actor} ответил(а).',
  'staff.approval_answered': '{actor} ответил(а) на запрос согласования.',
  'staff.due_soon': 'Срок по заявке скоро истекает.',
  'staff.overdue': 'Срок по заявке истёк.',
  'staff.new_ticket_by_email': 'Новая заявка по почте от {actor}.',
  'staff.new_ticket_by_portal': 'Новая заявка со страницы клиента от {actor}.',
  'staff.low_satisfaction': '{actor} низко оценил(а) сданную работу.',
  'staff.open': 'Открыть в Fluxo: {url}',
  'digest.subject': {
    one: 'Fluxo: {count} новость по вашим заявкам',
    few: 'Fluxo: {count} новости по вашим заявкам',
    many: 'Fluxo: {count} новостей по вашим заявкам',
    other: 'Fluxo: {count} новости по вашим заявкам',
  },
  'digest.lead': 'Что произошло по вашим заявкам:',
  'actor.system': 'Fluxo',
  'actor.client': 'Клиент',

  'footer.client': 'Вы получили это письмо, потому что обратились в {agency}.',
  'footer.staff': 'Вы получили это письмо согласно вашим настройкам уведомлений в Fluxo.',
  'footer.unsubscribe': 'Не хотите получать такие письма? Отписаться: {url}',
  'footer.unsubscribeLink': 'Отписаться',

  'unsubscribe.title': 'Отписка',
  'unsubscribe.confirm': 'Больше не отправлять письма {agency} на адрес {email}?',
  'unsubscribe.button': 'Отписаться',
  'unsubscribe.done': 'Готово: {email} больше не будет получать письма {agency}.',
  'unsubscribe.unknown': 'Ссылка для отписки недействительна или устарела.',
};

export const MAIL_TEXTS: Readonly<Record<Locale, MailDictionary>> = { 'pt-BR': ptBR, en, ru };

const pluralRules = new Map<Locale, Intl.PluralRules>();

function pick(locale: Locale, text: Text, count: number | undefined): string {
  if (typeof text === 'string') return text;
  if (count === undefined) return text.other;
  let rules = pluralRules.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    pluralRules.set(locale, rules);
  }
  const category = rules.select(count);
  if (category === 'one') return text.one;
  if (category === 'few') return text.few ?? text.other;
  if (category === 'many') return text.many ?? text.other;
  return text.other;
}

/** The text for `key` with its `{params}` filled in (plain text: escaping is the caller's job). */
export function mailText(locale: Locale, key: MailTextKey, params: Readonly<Record<string, string | number>> = {}): string {
  const count = typeof params.count === 'number' ? params.count : undefined;
  return pick(locale, MAIL_TEXTS[locale][key], count).replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
