// The browser's side of a voice call: one RTCPeerConnection per other participant (a full mesh),
// signalled through Chatter's Socket.IO events (docs/api-voice.md).
//
// Who offers: the newer joiner creates a connection to everyone already in the room and offers;
// the others answer. Renegotiation and rare glare follow the "perfect negotiation" pattern: the
// participant with the larger connection id is polite (rolls back its own offer), the other
// ignores the colliding offer. The server runs events on a thread pool, so an ICE candidate may
// overtake its offer: candidates wait until the remote description is set.
import { signal } from '@preact/signals';
import { ApiError, errorMessage } from '../api';
import { emitAck } from '../messaging/client';
import { socket } from '../socket';
import type {
  VoiceJoinAck,
  VoiceParticipant,
  VoiceParticipantsEvent,
  VoiceRingEvent,
  VoiceSignal,
} from './types';
import { SpeakingMeter } from './speaking';

export interface VoiceState {
  channel: string | null;
  /** This connection's participant id in the room. */
  selfId: string | null;
  participants: VoiceParticipant[];
  muted: boolean;
  busy: boolean;
  error: string | null;
}

const idle: VoiceState = { channel: null, selfId: null, participants: [], muted: false, busy: false, error: null };

export const voice = signal<VoiceState>(idle);
/** Participant ids whose audio is above the speaking threshold right now (self included). */
export const speaking = signal<ReadonlySet<string>>(new Set());
/** The latest participants of every room this client heard about (channels and my calls). */
export const rooms = signal<Readonly<Record<string, VoiceParticipant[]>>>({});
/** Connection state of each peer, keyed by participant id. */
export const peerStates = signal<Readonly<Record<string, RTCPeerConnectionState>>>({});
/** The last call someone started with me, until I join or dismiss it. */
export const ringing = signal<VoiceRingEvent | null>(null);

interface Peer {
  id: string;
  pc: RTCPeerConnection;
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  pendingCandidates: (RTCIceCandidateInit | null)[];
  audio: HTMLAudioElement;
}

const peers = new Map<string, Peer>();
// Candidates from a peer whose offer has not arrived yet.
const early = new Map<string, (RTCIceCandidateInit | null)[]>();
let localStream: MediaStream | null = null;
let iceServers: RTCIceServer[] = [];
let meter: SpeakingMeter | null = null;
// While a join waits for its ack, signalling for that room is kept and handled after it.
let joining: string | null = null;
const backlog: { kind: 'description' | 'candidate'; data: VoiceSignal }[] = [];

// Tests read the peer connections' stats and the speaking meter's AudioContext state through this
// hook; it exists only with ?voice-debug.
if (typeof window !== 'undefined' && new URLSearchParams(location.search).has('voice-debug')) {
  (window as unknown as { chatterVoice: unknown }).chatterVoice = {
    peers: () => [...peers.values()].map((p) => p.pc),
    audioState: () => meter?.audioState ?? null,
  };
}

function update(patch: Partial<VoiceState>): void {
  voice.value = { ...voice.value, ...patch };
}

function setPeerState(id: string, state: RTCPeerConnectionState | null): void {
  const next = { ...peerStates.value };
  if (state === null) delete next[id];
  else next[id] = state;
  peerStates.value = next;
}

function send(event: string, payload: Record<string, unknown>): void {
  if (socket.connected) socket.emit(event, payload, () => undefined);
}

function createPeer(id: string, offering: boolean): Peer {
  const pc = new RTCPeerConnection({ iceServers });
  const audio = document.createElement('audio');
  audio.autoplay = true;
  audio.dataset.voicePeer = id;
  audio.hidden = true;
  document.body.appendChild(audio);
  const selfId = voice.value.selfId ?? '';
  const peer: Peer = {
    id,
    pc,
    polite: selfId > id,
    makingOffer: false,
    ignoreOffer: false,
    pendingCandidates: early.get(id) ?? [],
    audio,
  };
  early.delete(id);
  peers.set(id, peer);
  setPeerState(id, pc.connectionState);

  pc.onconnectionstatechange = () => setPeerState(id, pc.connectionState);
  pc.onicecandidate = ({ candidate }) => {
    send('voice_ice', { to: id, channel: voice.value.channel, candidate: candidate ? candidate.toJSON() : null });
  };
  pc.ontrack = ({ streams, track }) => {
    const stream = streams[0] ?? new MediaStream([track]);
    audio.srcObject = stream;
    audio.play().catch(() => undefined);
    meter?.watch(id, stream);
  };
  pc.onnegotiationneeded = async () => {
    try {
      peer.makingOffer = true;
      await pc.setLocalDescription();
      if (pc.localDescription) {
        send('voice_offer', { to: id, channel: voice.value.channel, sdp: pc.localDescription.toJSON() });
      }
    } catch (err) {
      update({ error: `Could not start audio with a participant: ${errorMessage(err)}` });
    } finally {
      peer.makingOffer = false;
    }
  };
  if (offering) addLocalTracks(pc);
  return peer;
}

function addLocalTracks(pc: RTCPeerConnection): void {
  if (!localStream) return;
  const senders = pc.getSenders();
  for (const track of localStream.getTracks()) {
    if (!senders.some((s) => s.track === track)) pc.addTrack(track, localStream);
  }
}

function closePeer(id: string): void {
  const peer = peers.get(id);
  if (!peer) return;
  peers.delete(id);
  peer.pc.onnegotiationneeded = null;
  peer.pc.onicecandidate = null;
  peer.pc.close();
  peer.audio.srcObject = null;
  peer.audio.remove();
  meter?.unwatch(id);
  setPeerState(id, null);
}

function closeAllPeers(): void {
  for (const id of [...peers.keys()]) closePeer(id);
  early.clear();
}

async function flushCandidates(peer: Peer): Promise<void> {
  const queued = peer.pendingCandidates.splice(0);
  for (const candidate of queued) {
    await addCandidate(peer, candidate);
  }
}

async function addCandidate(peer: Peer, candidate: RTCIceCandidateInit | null): Promise<void> {
  try {
    if (candidate) await peer.pc.addIceCandidate(candidate);
  } catch (err) {
    if (!peer.ignoreOffer) update({ error: `A network path to a participant was refused: ${errorMessage(err)}` });
  }
}

function deferred(kind: 'description' | 'candidate', data: VoiceSignal): boolean {
  if (joining === null || data.channel !== joining) return false;
  backlog.push({ kind, data });
  return true;
}

async function onDescription(data: VoiceSignal): Promise<void> {
  if (deferred('description', data)) return;
  if (!data.sdp || data.channel !== voice.value.channel) return;
  let peer = peers.get(data.from);
  if (!peer) {
    if (data.sdp.type !== 'offer') return;
    peer = createPeer(data.from, false);
  }
  const { pc } = peer;
  const collision = data.sdp.type === 'offer' && (peer.makingOffer || pc.signalingState !== 'stable');
  peer.ignoreOffer = !peer.polite && collision;
  if (peer.ignoreOffer) return;
  try {
    await pc.setRemoteDescription(data.sdp);
    if (data.sdp.type === 'offer') {
      addLocalTracks(pc);
      await pc.setLocalDescription();
      if (pc.localDescription) {
        send('voice_answer', { to: data.from, channel: data.channel, sdp: pc.localDescription.toJSON() });
      }
    }
    await flushCandidates(peer);
  } catch (err) {
    update({ error: `Could not connect audio with ${data.username}: ${errorMessage(err)}` });
  }
}

async function onCandidate(data: VoiceSignal): Promise<void> {
  if (deferred('candidate', data)) return;
  if (data.channel !== voice.value.channel || data.candidate === undefined) return;
  const peer = peers.get(data.from);
  if (!peer) {
    early.set(data.from, [...(early.get(data.from) ?? []), data.candidate]);
    return;
  }
  if (!peer.pc.remoteDescription) {
    peer.pendingCandidates.push(data.candidate);
    return;
  }
  await addCandidate(peer, data.candidate);
}

function onParticipants(data: VoiceParticipantsEvent): void {
  rooms.value = { ...rooms.value, [data.channel]: data.participants };
  const state = voice.value;
  // selfId is null between a reconnect and the new join's ack: pushes from before do not count.
  if (data.channel !== state.channel || !state.selfId) return;
  if (!data.participants.some((p) => p.id === state.selfId)) {
    // The channel was deleted, or this connection was dropped: the call is over here.
    teardown();
    update({ error: 'You are no longer in this voice channel.' });
    return;
  }
  for (const id of peers.keys()) {
    if (!data.participants.some((p) => p.id === id)) closePeer(id);
  }
  update({ participants: data.participants });
}

socket.on('voice_participants', onParticipants);
socket.on('voice_offer', (data: VoiceSignal) => void onDescription(data));
socket.on('voice_answer', (data: VoiceSignal) => void onDescription(data));
socket.on('voice_ice', (data: VoiceSignal) => void onCandidate(data));
socket.on('voice_ring', (data: VoiceRingEvent) => {
  if (voice.value.channel !== data.channel) ringing.value = data;
});
socket.on('disconnect', () => {
  // The server removes this connection from its room; after reconnecting the client joins again.
  closeAllPeers();
  if (voice.value.channel) update({ selfId: null });
});
socket.on('connect', () => {
  const channel = voice.value.channel;
  if (channel && localStream) void enter(channel);
});
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => leaveVoice());
}

async function enter(channel: string): Promise<void> {
  closeAllPeers();
  update({ selfId: null });
  joining = channel;
  backlog.length = 0;
  let ack: VoiceJoinAck;
  try {
    ack = await emitAck<VoiceJoinAck>('voice_join', { channel });
  } finally {
    joining = null;
  }
  iceServers = ack.ice_servers ?? [];
  update({ channel: ack.channel, selfId: ack.id, participants: ack.participants, error: null });
  meter?.watch(ack.id, localStream!);
  rooms.value = { ...rooms.value, [ack.channel]: ack.participants };
  if (voice.value.muted) send('voice_mute', { muted: true });
  // The newer joiner offers to everyone already there.
  for (const p of ack.participants) {
    if (p.id !== ack.id && !peers.has(p.id)) createPeer(p.id, true);
  }
  for (const { kind, data } of backlog.splice(0)) {
    void (kind === 'description' ? onDescription(data) : onCandidate(data));
  }
}

/** Joins `channel` (leaving any other), asking for the microphone first. */
export async function joinVoice(channel: string): Promise<void> {
  if (voice.value.busy) return;
  if (voice.value.channel === channel) return;
  if (voice.value.channel) leaveVoice();
  update({ busy: true, error: null });
  if (ringing.value?.channel === channel) ringing.value = null;
  try {
    if (!navigator.mediaDevices?.getUserMedia) {
      throw new ApiError(0, 'no_media', 'This browser cannot use a microphone here (voice needs HTTPS or localhost).');
    }
    try {
      localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    } catch (err) {
      throw new ApiError(0, 'no_microphone', `The microphone is not available: ${err instanceof Error ? err.message : String(err)}`);
    }
    meter = new SpeakingMeter((ids) => (speaking.value = ids));
    await enter(channel);
  } catch (err) {
    teardown();
    update({ error: errorMessage(err) });
  } finally {
    update({ busy: false });
  }
}

function teardown(): void {
  closeAllPeers();
  meter?.close();
  meter = null;
  for (const track of localStream?.getTracks() ?? []) track.stop();
  localStream = null;
  speaking.value = new Set();
  update({ channel: null, selfId: null, participants: [], muted: false });
}

/** Leaves the current room and releases the microphone. */
export function leaveVoice(): void {
  if (!voice.value.channel && !localStream) return;
  send('voice_leave', {});
  teardown();
}

/** Mutes or unmutes the microphone; the others see it in the participant list. */
export function setMuted(muted: boolean): void {
  for (const track of localStream?.getAudioTracks() ?? []) track.enabled = !muted;
  update({ muted });
  send('voice_mute', { muted });
}
