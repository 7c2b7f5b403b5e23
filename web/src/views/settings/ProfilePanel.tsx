// Profile: avatar (upload with a preview, remove), bio and status — what others see on the
// public profile (GET /api/users/:username).
import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../../action';
import { errorMessage } from '../../api';
import { currentUser } from '../../state';
import { usersApi } from '../../users_api';
import { Feedback } from './Feedback';

const ACCEPTED = 'image/png,image/jpeg,image/gif,image/webp';
const MAX_BIO = 300;
const MAX_STATUS = 100;

export function ProfilePanel() {
  const username = currentUser.value?.username ?? '';
  const [avatarUrl, setAvatarUrl] = useState<string | null>(null);
  const [chosen, setChosen] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [bio, setBio] = useState('');
  const [status, setStatus] = useState('');
  // The fields stay disabled until the stored profile has arrived: text typed before that
  // would be overwritten by the answer.
  const [loaded, setLoaded] = useState(false);
  const { busy, error, done, run: runAction, fail } = useAction();

  useEffect(() => {
    if (!username) return;
    usersApi
      .profile(username)
      .then((result) => {
        setAvatarUrl(result.user.avatar_url);
        setBio(result.user.bio);
        setStatus(result.user.status);
        setLoaded(true);
      })
      .catch((err) => fail(errorMessage(err)));
  }, [username]);

  // The local preview of a chosen file lives until another file is chosen or it is uploaded.
  useEffect(() => {
    if (!chosen) {
      setPreview(null);
      return undefined;
    }
    const url = URL.createObjectURL(chosen);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [chosen]);

  const run = (action: () => Promise<string>) => runAction(action, (note) => note);

  const upload = (event: Event) => {
    event.preventDefault();
    const file = chosen;
    if (!file) return;
    void run(async () => {
      const result = await usersApi.uploadAvatar(file);
      setAvatarUrl(result.avatar_url);
      setChosen(null);
      return 'Avatar updated.';
    });
  };

  const removeAvatar = () =>
    run(async () => {
      await usersApi.removeAvatar();
      setAvatarUrl(null);
      return 'Avatar removed.';
    });

  const save = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      const result = await usersApi.saveSettings({ bio, status });
      setBio(result.settings.bio);
      setStatus(result.settings.status);
      return 'Profile saved.';
    });
  };

  const shown = preview ?? avatarUrl;
  return (
    <section class="card" aria-labelledby="profile-title" data-testid="profile">
      <h2 id="profile-title">Profile</h2>
      <Feedback error={error} done={done} />
      <div class="avatar-row">
        {shown ? (
          <img class="avatar-large" src={shown} alt={preview ? 'Preview of the new avatar' : 'Your avatar'} data-testid="avatar-image" />
        ) : (
          <span class="avatar-large avatar-initial" aria-hidden="true">
            {username.slice(0, 1).toUpperCase()}
          </span>
        )}
        <form class="inline-form" onSubmit={upload}>
          <div class="field grow">
            <label for="avatar-file">Avatar image</label>
            <input
              id="avatar-file"
              type="file"
              accept={ACCEPTED}
              onChange={(e) => setChosen(e.currentTarget.files?.[0] ?? null)}
            />
            <small class="hint">PNG, JPEG, GIF or WebP, at most 2 MiB.</small>
          </div>
          <button type="submit" class="primary" disabled={busy || !chosen}>
            Upload
          </button>
          {avatarUrl && !preview && (
            <button type="button" class="danger" disabled={busy} onClick={removeAvatar}>
              Remove
            </button>
          )}
        </form>
      </div>
      <form onSubmit={save}>
        <div class="field">
          <label for="profile-status">Status</label>
          <input
            id="profile-status"
            maxLength={MAX_STATUS}
            placeholder="What are you up to?"
            disabled={!loaded}
            value={status}
            onInput={(e) => setStatus(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="profile-bio">Bio</label>
          <textarea id="profile-bio" rows={4} maxLength={MAX_BIO} disabled={!loaded} value={bio} onInput={(e) => setBio(e.currentTarget.value)} />
          <small class="hint">
            {bio.length}/{MAX_BIO} characters
          </small>
        </div>
        <button type="submit" class="primary" disabled={busy || !loaded}>
          Save profile
        </button>
      </form>
    </section>
  );
}
