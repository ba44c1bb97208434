import { describe, expect, it } from 'vitest';
import { SEED_TICKET_KINDS, type TicketKind, scaledTargets, ticketKindListSchema, ticketKindSchema } from './ticketKind.js';

const base = SEED_TICKET_KINDS[0] as TicketKind;
const messages = (value: unknown) => {
  const parsed = ticketKindSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.message);
};

describe('ticket kinds', () => {
  it('ships the seeds’ kinds, each valid, with their steps, milestones and checklist', () => {
    expect(ticketKindListSchema.parse(SEED_TICKET_KINDS)).toHaveLength(7);
    const bySlug = new Map(SEED_TICKET_KINDS.map((k) => [k.slug, k]));
    expect(bySlug.get('banner')?.steps).toEqual(['concept', 'copy', 'design', 'review']);
    expect(bySlug.get('landing_page')?.steps).toEqual(['concept', 'design', 'build', 'review', 'publish']);
    expect(bySlug.get('logo_file')?.steps).toEqual([]);
    expect(bySlug.get('online_store')?.milestones.filter((m) => m.approval).map((m) => m.id)).toEqual([
      'briefing-budget',
      'rafe',
      'wireframe',
      'final-layout',
      'post-sale',
    ]);
    expect(bySlug.get('launch')?.milestones.map((m) => m.id)).toEqual(['ppl', 'pl', 'l', 'pos-l']);
    expect(bySlug.get('student_support')?.checklist).toHaveLength(3);
    expect(bySlug.has('social_post')).toBe(true);
  });

  it('refuses steps out of flow order, repeated milestones and targets that grow with urgency', () => {
    expect(messages({ ...base, steps: ['design', 'concept'] })).toContain('steps must be unique and in flow order');
    expect(messages({ ...base, milestones: [{ id: 'a', name: 'A', approval: true }, { id: 'a', name: 'B', approval: false }] })).toContain(
      'milestone ids must be unique',
    );
    const sla = scaledTargets(60, 600);
    expect(messages({ ...base, sla: { ...sla, resolution: { ...sla.resolution, urgent: 9_000 } } })).toContain(
      'targets must not grow with urgency (low ≥ normal ≥ high ≥ urgent)',
    );
    expect(messages({ ...base, sla: scaledTargets(600, 60) })).toContain('the first response cannot be due after the resolution');
    expect(messages({ ...base, slug: 'Banner Grande' })).toContain('kind must be a lowercase slug (a-z, 0-9, - and _)');
    expect(ticketKindListSchema.safeParse([base, base]).success).toBe(false);
  });
});
