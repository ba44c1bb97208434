/**
 * Staff roles. `admin` is the director (diretor): budgets, settings, users, reports, and
 * everything the other roles may do. Clients are not users: they reach Fluxo through share
 * links only, so they have no role here.
 */
import { z } from 'zod';

export const ROLES = ['admin', 'atendimento', 'producao'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;
