// Reactions on messages of every kind (docs/api-messaging.md, "Reactions"): a signal map per
// message, filled by GET /api/reactions/:id/:type for loaded messages and kept current by
// `reaction_update` events. Toggling uses the acked `reaction_add` / `reaction_remove` events.
import { signal } from '@preact/signals';
import { request } from '../api';
import { socket } from '../socket';
import { currentUser } from '../state';
import { emitAck } from './client';

export type MessageKind = 'public' | 'dm' | 'gdm';
export type ReactionMap = Record<string, string[]>;

/** A few common reactions offered by the picker. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '😮', '😢'];

export const reactions = signal<Record<string, ReactionMap>>({});

const keyOf = (kind: MessageKind, id: number) => `${kind}:${id}`;

function put(kind: MessageKind, id: number, map: ReactionMap | null | undefined): void {
  const clean: ReactionMap = {};
  if (map && typeof map === 'object') {
    for (const [emoji, users] of Object.entries(map)) {
      if (Array.isArray(users) && users.length > 0) clean[emoji] = users.map(String);
    }
  }
  reactions.value = { ...reactions.value, [keyOf(kind, id)]: clean };
}

export function reactionsOf(kind: MessageKind, id: number): ReactionMap | undefined {
  return reactions.value[keyOf(kind, id)];
}

// Fetch queue: a few requests at a time, each message once.
const requested = new Set<string>();
const queue: { kind: MessageKind; id: number }[] = [];
let running = 0;
const MAX_PARALLEL = 4;

function pump(): void {
  while (running < MAX_PARALLEL && queue.length > 0) {
    const { kind, id } = queue.shift()!;
    running += 1;
    request<{ ok: true; reactions: ReactionMap }>('GET', `/api/reactions/${id}/${kind}`)
      .then((r) => put(kind, id, r.reactions))
      .catch(() => requested.delete(keyOf(kind, id)))
      .finally(() => {
        running -= 1;
        pump();
      });
  }
}

/** Load the reactions of these messages (once per message). */
export function loadReactions(kind: MessageKind, ids: number[]): void {
  // Newest first: they are the ones on screen.
  for (const id of [...ids].sort((a, b) => b - a)) {
    const k = keyOf(kind, id);
    if (requested.has(k)) continue;
    requested.add(k);
    queue.push({ kind, id });
  }
  pump();
}

export async function toggleReaction(kind: MessageKind, id: number, emoji: string): Promise<void> {
  const me = currentUser.value?.username.toLowerCase() ?? '';
  const mine = (reactionsOf(kind, id)?.[emoji] ?? []).some((u) => u.toLowerCase() === me);
  const ack = await emitAck<{ reactions?: ReactionMap }>(mine ? 'reaction_remove' : 'reaction_add', {
    message_id: id,
    message_type: kind,
    emoji,
  });
  if (ack.reactions) put(kind, id, ack.reactions);
}

socket.on(
  'reaction_update',
  (ev: { message_type?: MessageKind; message_id?: number; reactions?: ReactionMap } | undefined) => {
    if (ev && ev.message_type && ev.message_id !== undefined) put(ev.message_type, Number(ev.message_id), ev.reactions);
  },
);

socket.on('connect', () => {
  // After an outage, ask again for what is shown.
  requested.clear();
});
