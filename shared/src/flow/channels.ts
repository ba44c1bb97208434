/**
 * Where a demand came from (seeds 001, 002, 004). Social channels follow seed 002's service
 * fronts: audience, launch & sales, students (post-sale). `portal` is the client's share link.
 */
import { z } from 'zod';

export const CHANNELS = [
  'email',
  'phone',
  'whatsapp',
  'meeting',
  'social_audience',
  'social_launch',
  'social_students',
  'portal',
] as const;
export const channelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof channelSchema>;
