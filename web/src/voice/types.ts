// Shapes of the voice API (docs/api-voice.md).

export interface VoiceParticipant {
  /** The connection (Socket.IO socket id): a user with two tabs in a call appears twice. */
  id: string;
  username: string;
  muted: boolean;
}

export interface VoiceChannelDetail {
  name: string;
  participants: VoiceParticipant[];
}

export interface VoiceChannelList {
  ok: true;
  channels: string[];
  details: VoiceChannelDetail[];
}

export interface VoiceConfig {
  ok: true;
  enabled: boolean;
  ice_servers: RTCIceServer[];
}

export interface VoiceJoinAck {
  ok: true;
  channel: string;
  id: string;
  participants: VoiceParticipant[];
  ice_servers: RTCIceServer[];
}

export interface VoiceParticipantsEvent {
  channel: string;
  participants: VoiceParticipant[];
}

export interface VoiceRingEvent {
  channel: string;
  from: string;
  kind: 'dm' | 'gdm';
}

export interface VoiceSignal {
  from: string;
  username: string;
  channel: string;
  sdp?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
}

/** The voice room of a DM between two users: `dm:<a>:<b>`, names sorted. */
export function dmRoom(a: string, b: string): string {
  return `dm:${[a, b].sort().join(':')}`;
}

/** The voice room of a group conversation. */
export function gdmRoom(threadId: number): string {
  return `gdm:${threadId}`;
}

/** A human label for a room name. */
export function roomLabel(channel: string, me: string | null): string {
  if (channel.startsWith('dm:')) {
    const names = channel.slice(3).split(':');
    const other = names.find((n) => n.toLowerCase() !== (me ?? '').toLowerCase()) ?? names[0];
    return `Call with ${other}`;
  }
  if (channel.startsWith('gdm:')) return `Group call #${channel.slice(4)}`;
  return `# ${channel}`;
}
