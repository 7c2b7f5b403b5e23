// The /join/<code> route once signed in: joins the group by its invitation and opens it.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api';
import { msgApi } from '../../messaging/client';
import { linkClick, navigate } from '../../router';

export function JoinByInvite({ code, onJoined }: { code: string; onJoined: () => Promise<unknown> }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    setError(null);
    msgApi
      .joinInvite(code)
      .then(async (r) => {
        if (cancelled) return;
        // Load the group list first, so the group is known when its view opens.
        await onJoined();
        if (!cancelled) navigate(`/groups/${Number(r.thread_id)}`, true);
      })
      .catch((err) => !cancelled && setError(errorMessage(err)));
    return () => {
      cancelled = true;
    };
  }, [code]);
  return (
    <div class="chat-empty" data-testid="invite-join">
      {error ? (
        <div>
          <p class="error-box" role="alert">
            Could not join the group: {error}
          </p>
          <a href="/groups" onClick={(e) => linkClick(e, '/groups')}>
            Go to your groups
          </a>
        </div>
      ) : (
        <p class="muted" role="status">
          Joining the group…
        </p>
      )}
    </div>
  );
}
