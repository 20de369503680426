// Channel order and names as the server keeps them (docs/API.md, "Channels"): listed by
// position then id; a text channel's name is lower-cased (ASCII) with white space runs as "-".
import { codePoints } from '@/features/auth/schemas';
import { z } from 'zod';
import type { Channel, ChannelType } from '../types';

export const CHANNEL_NAME_MAX = 100;
export const CHANNEL_TOPIC_MAX = 1024;

/** Ids are decimal strings of up to 20 digits: compare them as numbers without losing digits. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function sortChannels<C extends Pick<Channel, 'id' | 'position'>>(channels: readonly C[]): C[] {
  return [...channels].sort((a, b) => a.position - b.position || compareIds(a.id, b.id));
}

export function firstTextChannel<C extends Pick<Channel, 'id' | 'position' | 'type'>>(
  channels: readonly C[],
): C | undefined {
  return sortChannels(channels).find((c) => c.type === 'text');
}

/** The name the server will store. */
export function normaliseChannelName(name: string, type: ChannelType): string {
  const trimmed = name.trim();
  if (type === 'voice') return trimmed;
  return trimmed.replace(/\s+/gu, '-').replace(/[A-Z]+/g, (s) => s.toLowerCase());
}

export function channelNameSchema(type: ChannelType) {
  return z
    .string()
    .transform((v) => normaliseChannelName(v, type))
    .refine((v) => codePoints(v) >= 1, 'Enter a channel name.')
    .refine((v) => codePoints(v) <= CHANNEL_NAME_MAX, `Channel names are at most ${CHANNEL_NAME_MAX} characters.`);
}

export const channelTopicSchema = z
  .string()
  .trim()
  .refine((v) => codePoints(v) <= CHANNEL_TOPIC_MAX, `Topics are at most ${CHANNEL_TOPIC_MAX} characters.`);

/** The ids in their new order after moving one channel a step up (-1) or down (+1); null at an end. */
export function moveChannel(ids: readonly string[], id: string, step: -1 | 1): string[] | null {
  const i = ids.indexOf(id);
  const j = i + step;
  if (i < 0 || j < 0 || j >= ids.length) return null;
  const next = [...ids];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}
