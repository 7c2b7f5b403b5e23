import { Placeholder } from './Placeholder';

export function GroupsView({ inviteCode }: { inviteCode: string | null }) {
  return (
    <Placeholder title="Groups" summary="Group conversations and their invitations will appear here.">
      {inviteCode && (
        <p class="notice" data-testid="invite-code">
          You opened an invitation link (code <code>{inviteCode}</code>). Joining groups by invitation is not available yet.
        </p>
      )}
    </Placeholder>
  );
}
