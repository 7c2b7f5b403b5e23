import { Placeholder } from './Placeholder';

export function CustomChannelsView() {
  return (
    <Placeholder
      title="Custom channels"
      summary="Channels provided by JavaScript plugins, loaded from a URL in Settings, will appear here."
    />
  );
}
