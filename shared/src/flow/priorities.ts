/**
 * How urgent a ticket is (prioridade). Deadlines and SLA targets are set per ticket kind and
 * priority (`kinds/ticketKind.ts`). A ticket without a priority is `normal`.
 */
import { z } from 'zod';

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;
export const DEFAULT_PRIORITY: Priority = 'normal';
