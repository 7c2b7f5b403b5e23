import { Placeholder } from './Placeholder';

export function DirectMessagesView() {
  return (
    <Placeholder
      title="Direct messages"
      summary="Private one-to-one conversations with other users will appear here."
    />
  );
}
