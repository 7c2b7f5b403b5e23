import { Placeholder } from './Placeholder';

export function VoiceView() {
  return <Placeholder title="Voice" summary="Voice channels you can join with your microphone will appear here." />;
}
