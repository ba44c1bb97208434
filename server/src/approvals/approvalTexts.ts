/**
 * The words of the messages an approval writes into the conversation (and so into the client's
 * email and timeline), in the agency's language. Markdown of comments
 * (`@fluxo/shared/conversation/commentMarkdown`); parameters are escaped by the caller.
 *
 * The reply keywords named in `request.howTo` are the ones `approvalReply.ts` reads.
 */
import type { Locale } from '@fluxo/shared/i18n/translate';

const TEXTS = {
  'pt-BR': {
    'request.heading': 'Para sua aprovação: {what} (versão {version})',
    'request.link': 'Veja aqui: {url}',
    'request.file': 'Arquivo: {name} (baixe pela página de acompanhamento)',
    'request.code': 'Código desta versão: `{code}`',
    'request.howTo':
      'Aprove ou peça ajustes pela página de acompanhamento, ou responda a este e-mail com **APROVADO** na primeira linha — ou **AJUSTES** e, em seguida, o que mudar.',
    'decision.approved': 'Aprovado: {what} (versão {version})',
    'decision.changes': 'Ajustes pedidos: {what} (versão {version})',
    'decision.recorded.phone': 'Resposta de {name} por telefone, registrada pela agência.',
    'decision.recorded.meeting': 'Resposta de {name} em reunião, registrada pela agência.',
  },
  en: {
    'request.heading': 'For your approval: {what} (version {version})',
    'request.link': 'See it here: {url}',
    'request.file': 'File: {name} (download it from the tracking page)',
    'request.code': 'Code of this version: `{code}`',
    'request.howTo':
      'Approve or ask for changes from the tracking page, or answer this email with **APPROVED** on the first line — or **CHANGES** followed by what to change.',
    'decision.approved': 'Approved: {what} (version {version})',
    'decision.changes': 'Changes requested: {what} (version {version})',
    'decision.recorded.phone': 'Answer given by {name} by phone, recorded by the agency.',
    'decision.recorded.meeting': 'Answer given by {name} in a meeting, recorded by the agency.',
  },
  ru: {
    'request.heading': 'На согласование: {what} (версия {version})',
    'request.link': 'Посмотреть: {url}',
    'request.file': 'Файл: {name} (скачайте его на странице отслеживания)',
    'request.code': 'Код этой версии: `{code}`',
    'request.howTo':
      'Одобрите или попросите правки на странице отслеживания — или ответьте на это письмо словом **ОДОБРЕНО** в первой строке, либо **ПРАВКИ** и затем что изменить.',
    'decision.approved': 'Одобрено: {what} (версия {version})',
    'decision.changes': 'Нужны правки: {what} (версия {version})',
    'decision.recorded.phone': 'Ответ {name} по телефону, записан агентством.',
    'decision.recorded.meeting': 'Ответ {name} на встрече, записан агентством.',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export type ApprovalTextKey = keyof (typeof TEXTS)['pt-BR'];

export function approvalText(locale: Locale, key: ApprovalTextKey, params: Readonly<Record<string, string | number>> = {}): string {
  return TEXTS[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
