// The custom channel list as a signal, shared by the sidebar and the management page.
import { signal } from '@preact/signals';
import { errorMessage } from '../api';
import { customApi, type CustomChannel } from './api';

export const customChannels = signal<CustomChannel[] | null>(null);
export const customChannelsError = signal<string | null>(null);
/** Icons channels declared once loaded (the script names its icon), by channel id. */
export const channelIcons = signal<Record<number, string>>({});

export async function loadCustomChannels(): Promise<void> {
  try {
    customChannels.value = await customApi.list();
    customChannelsError.value = null;
  } catch (err) {
    customChannelsError.value = errorMessage(err);
  }
}

/** Replaces one channel in the list after a change. */
export function updateChannel(channel: CustomChannel): void {
  const list = customChannels.value ?? [];
  customChannels.value = list.some((c) => c.id === channel.id)
    ? list.map((c) => (c.id === channel.id ? channel : c))
    : [...list, channel];
}

/** A channel the client may run for this user: enabled and its current script accepted. */
export function runnable(channel: CustomChannel): boolean {
  return channel.enabled && channel.accepted;
}
