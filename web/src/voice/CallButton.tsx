// The call button of a DM or group conversation header: starts or joins the conversation's voice
// room and opens the Voice view, where the call is shown.
import { navigate } from '../router';
import { joinVoice, rooms, voice } from './session';

export function CallButton({ room, label }: { room: string; label: string }) {
  const inCall = voice.value.channel === room;
  const others = rooms.value[room]?.length ?? 0;
  async function start() {
    navigate('/voice');
    await joinVoice(room);
  }
  if (inCall) {
    return (
      <button type="button" class="small" onClick={() => navigate('/voice')} data-testid="call-open">
        In call
      </button>
    );
  }
  return (
    <button
      type="button"
      class={others > 0 ? 'small primary' : 'small'}
      onClick={() => void start()}
      aria-label={others > 0 ? `Join the call with ${label} (${others} in it)` : `Call ${label}`}
      data-testid="call-button"
    >
      {others > 0 ? `Join call (${others})` : 'Call'}
    </button>
  );
}
