// A username that opens the user's public profile (GET /api/users/:username): avatar, status, bio,
// and for anyone but yourself a way to report the user to the administrators.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { formatTime } from '../format';
import { Modal } from '../messaging/Modal';
import { ReportForm } from '../messaging/Report';
import { currentUser } from '../state';
import { usersApi, type PublicProfile } from '../users_api';
import { Feedback } from '../views/settings/Feedback';
import { sameName } from './names';

function ProfileDialog({ username, onClose }: { username: string; onClose: () => void }) {
  const [profile, setProfile] = useState<PublicProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);
  const me = currentUser.value?.username ?? '';
  const isMe = sameName(me, username);

  useEffect(() => {
    usersApi
      .profile(username)
      .then((result) => setProfile(result.user))
      .catch((err) => setError(errorMessage(err)));
  }, [username]);

  return (
    <Modal title={username} onClose={onClose} testid="profile-dialog">
      <Feedback error={error} />
      {!profile && !error && <p class="muted">Loading…</p>}
      {profile && (
        <div class="profile-card">
          {profile.avatar_url ? (
            <img class="avatar-large" src={profile.avatar_url} alt={`${profile.username}'s avatar`} />
          ) : (
            <span class="avatar-large avatar-initial" aria-hidden="true">
              {profile.username.slice(0, 1).toUpperCase()}
            </span>
          )}
          <div>
            {profile.status && <p class="profile-status">{profile.status}</p>}
            {profile.bio && <p class="profile-bio">{profile.bio}</p>}
            <p class="muted">Member since {formatTime(profile.created_at)}</p>
          </div>
        </div>
      )}
      {!isMe &&
        (reporting ? (
          <section class="profile-report" aria-label={`Report ${username}`}>
            <h3 class="modal-section">Report {username}</h3>
            <ReportForm target={{ username }} idPrefix={`report-user-${username}`} />
          </section>
        ) : (
          <p class="modal-footer-actions">
            <button type="button" class="small danger" onClick={() => setReporting(true)}>
              Report user
            </button>
          </p>
        ))}
    </Modal>
  );
}

export function UserProfileButton({ username }: { username: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" class="link user-link" onClick={() => setOpen(true)}>
        {username}
      </button>
      {open && <ProfileDialog username={username} onClose={() => setOpen(false)} />}
    </>
  );
}
