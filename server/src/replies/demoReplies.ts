/**
 * The demo agency's canned replies (issue 7, seed 002), written by `seedDemo`: a support answer
 * and the refund steps (signed "Equipe de Suporte de <expert>"), a thank-you for praise (signed
 * by the expert), and the agency's signature rules with the defaults plus one expert name —
 * Clínica Sorriso's expert signs as "Dra. Helena Prado".
 */
import type { AgencyId, ClientId, UserId } from '@fluxo/shared/ids';
import { DEFAULT_SIGNATURE_RULES, type ReplyTone, newCannedReplyId } from '@fluxo/shared/replies/cannedReply';
import type { Store } from '../store/store.js';

export const DEMO_EXPERT_NAME = 'Dra. Helena Prado';

export const DEMO_REPLIES: readonly { readonly title: string; readonly tone: ReplyTone; readonly body: string }[] = [
  {
    title: 'Dúvida de acesso',
    tone: 'support',
    body:
      'Olá! Obrigado por falar com a gente.\n\n' +
      'Reenviamos agora o seu acesso para o e-mail da compra. Se não chegar em alguns minutos, ' +
      'confira a caixa de spam e responda esta mensagem — seguimos acompanhando pelo pedido {ticket}.',
  },
  {
    title: 'Agradecer elogio',
    tone: 'praise',
    body: 'Que alegria ler isso! Obrigada pelo carinho 💛',
  },
  {
    title: 'Passos do reembolso',
    tone: 'support',
    body:
      'Olá! Sentimos muito que o curso não atendeu ao que você esperava. Para pedir o reembolso:\n\n' +
      '1. Acesse a área de compras da plataforma com o e-mail da compra.\n' +
      '2. Escolha o pedido e clique em "Solicitar reembolso".\n' +
      '3. Informe o motivo e confirme.\n\n' +
      'Dentro do prazo de garantia de 7 dias, o valor volta pela mesma forma de pagamento. ' +
      'Qualquer dúvida, é só responder aqui (pedido {ticket}).',
  },
];

export async function seedDemoReplies(
  store: Store,
  demo: { readonly agencyId: AgencyId; readonly author: UserId; readonly expertClientId: ClientId; readonly at: string },
): Promise<void> {
  for (const reply of DEMO_REPLIES) {
    await store.cannedReplies.create({
      id: newCannedReplyId(),
      agencyId: demo.agencyId,
      ...reply,
      clientId: null,
      archived: false,
      createdBy: demo.author,
      createdAt: demo.at,
      updatedBy: demo.author,
      updatedAt: demo.at,
    });
  }
  await store.cannedReplies.setSignatures({
    agencyId: demo.agencyId,
    support: DEFAULT_SIGNATURE_RULES.support,
    praise: DEFAULT_SIGNATURE_RULES.praise,
    experts: [{ clientId: demo.expertClientId, name: DEMO_EXPERT_NAME }],
    updatedBy: demo.author,
    updatedAt: demo.at,
  });
}
