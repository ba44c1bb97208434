import type { ShareStep, ShareTicket } from '@fluxo/shared/share/timeline';
import { For, Show, createUniqueId } from 'solid-js';
import CommentBody from '../conversation/CommentBody';
import { useI18n } from '../i18n/locale';
import { formatDay, formatMoment } from '../ticket/ticketDates';
import ReplyForm, { type Reply } from './ReplyForm';
import ApprovalCard, { type Decide } from './ApprovalCard';
import type { ShareApproval } from '@fluxo/shared/approvals/approval';
import type { ShareSurvey } from '@fluxo/shared/satisfaction/satisfaction';
import SatisfactionSection from './SatisfactionSection';
import type { ShareSurveys } from './satisfactionSurveys';

/** The fragment id of a ticket's section (the "waiting for you" list links to it). */
export const ticketAnchor = (id: ShareTicket['id']) => `ticket-${id}`;

/**
 * One ticket as the client sees it: an `article` named by its title, with its number, stage and
 * status in the client's words, summary, the dates that matter, the steps (an ordered list, each
 * with its `<time>`), what awaits or got its approval (`ApprovalCard`), the messages meant for the client (`CommentBody`: the page's only
 * `innerHTML`, through `renderCommentHtml`), and — with a respond link — a reply box.
 * Titles, summaries and names are text nodes, never markup.
 */
export default function TicketSection(props: {
  ticket: ShareTicket;
  reply: Reply | null;
  decide: Decide | null;
  fileHref: (approval: ShareApproval) => string;
  /** Issue 8: the ticket's satisfaction survey once delivered, and how to answer it (respond links). */
  survey?: ShareSurvey | null;
  rate?: ShareSurveys['rate'] | null;
}) {
  const i18n = useI18n();
  const titleId = createUniqueId();
  const day = (date: string) => formatDay(i18n.locale(), date);
  const moment = (iso: string) => formatMoment(i18n.locale(), iso);
  const stage = (value: ShareTicket['stage']) => i18n.t(`share.stage.${value}`);
  const stepText = (step: ShareStep): string => {
    switch (step.kind) {
      case 'opened':
        return i18n.t('share.step.opened', { stage: stage(step.stage) });
      case 'stage':
        return i18n.t('share.step.stage', { stage: stage(step.to) });
      case 'status':
        return i18n.t('share.step.status', { status: i18n.t(`share.status.${step.to}`) });
      case 'deadline':
        return step.to === null ? i18n.t('share.step.deadlineRemoved') : i18n.t('share.step.deadline', { date: day(step.to) });
    }
  };
  return (
    <article id={ticketAnchor(props.ticket.id)} class="share-ticket" aria-labelledby={titleId} data-status={props.ticket.status}>
      <header class="share-ticket__header">
        <h2 id={titleId}>{props.ticket.title}</h2>
        <Show when={props.ticket.number}>{(number) => <span class="share-ticket__number">#{number()}</span>}</Show>
      </header>
      <p class="share-ticket__badges">
        <span class="share-badge">{stage(props.ticket.stage)}</span>
        <span class="share-badge share-badge--status" data-status={props.ticket.status}>
          {i18n.t(`share.status.${props.ticket.status}`)}
        </span>
      </p>
      <Show when={props.ticket.summary}>
        <p class="share-ticket__summary">{props.ticket.summary}</p>
      </Show>
      <dl class="share-ticket__dates" aria-label={i18n.t('share.dates')}>
        <div>
          <dt>{i18n.t('share.date.opened')}</dt>
          <dd>
            <time datetime={props.ticket.openedAt}>{moment(props.ticket.openedAt)}</time>
          </dd>
        </div>
        <Show when={props.ticket.dueDate}>
          {(due) => (
            <div>
              <dt>{i18n.t('share.date.due')}</dt>
              <dd>
                <time datetime={due()}>{day(due())}</time>
              </dd>
            </div>
          )}
        </Show>
        <Show when={props.ticket.deliveredAt}>
          {(at) => (
            <div>
              <dt>{i18n.t('share.date.delivered')}</dt>
              <dd>
                <time datetime={at()}>{moment(at())}</time>
              </dd>
            </div>
          )}
        </Show>
        <Show when={props.ticket.closedAt}>
          {(at) => (
            <div>
              <dt>{i18n.t('share.date.closed')}</dt>
              <dd>
                <time datetime={at()}>{moment(at())}</time>
              </dd>
            </div>
          )}
        </Show>
      </dl>
      <Show when={props.ticket.steps.length > 0}>
        <details class="share-ticket__steps" open>
          <summary>{i18n.t('share.steps')}</summary>
          <ol>
            <For each={props.ticket.steps}>
              {(step) => (
                <li>
                  <time datetime={step.at}>{moment(step.at)}</time> — {stepText(step)}
                </li>
              )}
            </For>
          </ol>
        </details>
      </Show>
      <Show when={props.ticket.approvals.length > 0}>
        <section class="share-ticket__approvals" aria-label={i18n.t('share.approvals')}>
          <h3>{i18n.t('share.approvals')}</h3>
          <For each={props.ticket.approvals}>
            {(approval) => <ApprovalCard approval={approval} decide={props.decide} fileHref={props.fileHref} />}
          </For>
        </section>
      </Show>
      <section class="share-ticket__comments" aria-label={i18n.t('share.comments')}>
        <h3>{i18n.t('share.comments')}</h3>
        <Show when={props.ticket.comments.length > 0} fallback={<p class="share-notice">{i18n.t('share.noComments')}</p>}>
          <ol>
            <For each={props.ticket.comments}>
              {(comment) => (
                <li class="share-comment" data-author={comment.author.kind}>
                  <p class="share-comment__meta">
                    <strong>{comment.author.kind === 'agency' ? comment.author.name : (comment.author.name ?? i18n.t('share.author.client'))}</strong>{' '}
                    <time datetime={comment.createdAt}>{moment(comment.createdAt)}</time>
                    <Show when={comment.editedAt}> {i18n.t('share.edited')}</Show>
                  </p>
                  <CommentBody body={comment.body} mentionName={() => null} />
                </li>
              )}
            </For>
          </ol>
        </Show>
        <Show when={props.reply}>{(reply) => <ReplyForm ticket={props.ticket} reply={reply()} />}</Show>
      </section>
      <Show when={props.survey}>{(survey) => <SatisfactionSection survey={survey()} rate={props.rate ?? null} />}</Show>
    </article>
  );
}
