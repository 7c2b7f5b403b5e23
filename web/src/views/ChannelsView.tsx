import { Placeholder } from './Placeholder';

export function ChannelsView({ rest }: { rest: string[] }) {
  return (
    <Placeholder
      title={rest[0] ? `# ${rest[0]}` : 'Channels'}
      summary="Public text channels with live messages, mentions and search will appear here."
    />
  );
}
