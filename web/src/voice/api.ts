// REST calls of voice (docs/api-voice.md).
import { request } from '../api';
import type { VoiceChannelList, VoiceConfig } from './types';

export const voiceApi = {
  channels: () => request<VoiceChannelList>('GET', '/api/voice/channels'),
  config: () => request<VoiceConfig>('GET', '/api/voice/config'),
  create: (name: string) => request<{ ok: true; name: string }>('POST', '/api/voice/channels', { name }),
  remove: (name: string) => request<{ ok: true }>('DELETE', `/api/voice/channels/${encodeURIComponent(name)}`),
};
