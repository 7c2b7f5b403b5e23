// Wire types of the messaging API (docs/api-messaging.md) and the one message shape the
// shared message list renders.

export interface Channel {
  id: number;
  name: string;
  topic: string | null;
  announcements_only: boolean | number;
  created_at: string;
}

/** The fields a message of every kind has on the wire. */
interface WireMessage {
  id: number;
  text: string;
  attachment: string | null;
  created_at: string;
  reply_to: number | null;
  reply_username: string | null;
  reply_snippet: string | null;
  edited: number | boolean;
}

export interface PublicMessage extends WireMessage {
  channel: string;
  channel_id: number;
  username: string;
}

export interface DirectMessage extends WireMessage {
  from_user: string;
  to_user: string;
}

export interface GroupMessage extends WireMessage {
  thread_id: number;
  username: string;
}

export interface GroupThread {
  id: number;
  name: string;
  created_by: string;
  created_at: string;
  locked: number | boolean;
  members: string[];
}

export interface MessagingConfig {
  public_enabled: boolean;
  dm_enabled: boolean;
  gdm_enabled: boolean;
  maintenance_mode: boolean;
  announcements_only: boolean;
  dm_logging: boolean;
}

/** What the message list shows, whatever the conversation kind. */
export interface ChatMessage extends Omit<WireMessage, 'edited'> {
  username: string;
  edited: boolean;
}

export function fromPublic(m: PublicMessage): ChatMessage {
  return normal(m, m.username);
}

export function fromDirect(m: DirectMessage): ChatMessage {
  return normal(m, m.from_user);
}

export function fromGroup(m: GroupMessage): ChatMessage {
  return normal(m, m.username);
}

function normal(m: WireMessage, username: string): ChatMessage {
  return {
    id: Number(m.id),
    username: String(username ?? ''),
    text: typeof m.text === 'string' ? m.text : '',
    attachment: typeof m.attachment === 'string' ? m.attachment : null,
    created_at: m.created_at,
    reply_to: m.reply_to ?? null,
    reply_username: m.reply_username ?? null,
    reply_snippet: m.reply_snippet ?? null,
    edited: Boolean(m.edited),
  };
}
