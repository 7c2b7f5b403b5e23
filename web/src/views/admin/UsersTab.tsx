// Users: search, create, and per-user moderation. Actions the caller's role may not take are not
// shown (the server refuses them anyway): admins manage plain users; a superadmin also manages
// admins, sets roles and deletes accounts (routes of docs/api-files-admin.md).
import { useState } from 'preact/hooks';
import { formatTime } from '../../format';
import { currentUser } from '../../state';
import { adminApi, type AdminUser } from './api';
import { useAction } from '../../action';
import { Done, Problem, useLoad } from './common';

const PAGE = 25;
const DURATIONS: [string, number][] = [
  ['5 minutes', 300],
  ['1 hour', 3600],
  ['1 day', 86400],
  ['1 week', 604800],
];

function canModerate(target: AdminUser): boolean {
  const me = currentUser.value;
  if (!me || target.system || target.username === me.username || target.role === 'superadmin') return false;
  return target.role === 'user' || me.role === 'superadmin';
}

function UserManager({ target, onChanged }: { target: AdminUser; onChanged: () => void }) {
  const me = currentUser.value!;
  const superadmin = me.role === 'superadmin';
  const { busy, error, done, run } = useAction();
  const [password, setPassword] = useState('');
  const [reason, setReason] = useState('');
  const [seconds, setSeconds] = useState(3600);
  const [role, setRole] = useState(target.role);
  const act = async (fn: () => Promise<unknown>, note: string) => {
    if (await run(fn, note)) onChanged();
  };
  const moderate = canModerate(target);
  const resettable = !target.system && (target.role === 'user' || superadmin || target.username === me.username);
  return (
    <div class="admin-manage" data-testid={`manage-${target.username}`}>
      <Problem text={error} />
      <Done text={done} />
      {resettable && (
        <form
          class="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act(() => adminApi.resetPassword(target.username, password), 'Password reset; their sessions were signed out.');
            setPassword('');
          }}
        >
          <div class="field grow">
            <label for={`pw-${target.id}`}>New password</label>
            <input id={`pw-${target.id}`} type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </div>
          <button type="submit" disabled={busy || password.length === 0}>
            Reset password
          </button>
        </form>
      )}
      {moderate && (
        <>
          <div class="field">
            <label for={`reason-${target.id}`}>Reason (shown to admins, optional)</label>
            <input id={`reason-${target.id}`} type="text" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
          </div>
          <div class="admin-actions">
            {target.banned ? (
              <button type="button" disabled={busy} onClick={() => void act(() => adminApi.unban(target.username), 'Ban lifted.')}>
                Unban
              </button>
            ) : (
              <button type="button" class="danger" data-testid="ban-user" disabled={busy} onClick={() => void act(() => adminApi.ban(target.username, reason), 'Banned and disconnected.')}>
                Ban
              </button>
            )}
            <label for={`dur-${target.id}`} class="visually-hidden">
              Timeout length
            </label>
            <select id={`dur-${target.id}`} value={seconds} onChange={(e) => setSeconds(Number(e.currentTarget.value))}>
              {DURATIONS.map(([label, value]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
            <button type="button" disabled={busy} onClick={() => void act(() => adminApi.timeout(target.username, seconds, reason), 'Timed out.')}>
              Time out
            </button>
            {target.timeout_until && (
              <button type="button" disabled={busy} onClick={() => void act(() => adminApi.clearTimeout(target.username), 'Timeout lifted.')}>
                Lift timeout
              </button>
            )}
          </div>
        </>
      )}
      {superadmin && !target.system && target.username !== me.username && (
        <div class="admin-actions">
          <label for={`role-${target.id}`}>Role</label>
          <select id={`role-${target.id}`} value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            <option value="user">user</option>
            <option value="admin">admin</option>
            <option value="superadmin">superadmin</option>
          </select>
          <button type="button" disabled={busy || role === target.role} onClick={() => void act(() => adminApi.setRole(target.username, role), 'Role changed.')}>
            Set role
          </button>
          <button
            type="button"
            class="danger"
            disabled={busy}
            onClick={() => {
              if (window.confirm(`Delete ${target.username} and everything they own? This cannot be undone.`)) {
                void act(() => adminApi.deleteUser(target.username), 'Account deleted.');
              }
            }}
          >
            Delete account
          </button>
        </div>
      )}
      {!resettable && !moderate && !superadmin && <p class="muted">Only a superadmin can manage this account.</p>}
    </div>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const superadmin = currentUser.value?.role === 'superadmin';
  const { busy, error, done, run } = useAction();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState('user');
  return (
    <form
      class="inline-form admin-create"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await run(() => adminApi.createUser(username.trim(), password, role), `Created ${username.trim()}.`)) {
          setUsername('');
          setPassword('');
          onCreated();
        }
      }}
    >
      <div class="field grow">
        <label for="new-user-name">Username</label>
        <input id="new-user-name" type="text" maxLength={32} value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
      </div>
      <div class="field grow">
        <label for="new-user-password">Password</label>
        <input id="new-user-password" type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
      </div>
      {superadmin && (
        <div class="field">
          <label for="new-user-role">Role</label>
          <select id="new-user-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>
            <option value="user">user</option>
            <option value="admin">admin</option>
            <option value="superadmin">superadmin</option>
          </select>
        </div>
      )}
      <button type="submit" class="primary" disabled={busy || !username.trim() || !password}>
        Create user
      </button>
      <Problem text={error} />
      <Done text={done} />
    </form>
  );
}

export function UsersTab() {
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const { data, error, reload } = useLoad(() => adminApi.users(query.trim(), PAGE, offset), [query, offset]);
  return (
    <div>
      <h3>Create a user</h3>
      <CreateUser onCreated={() => void reload()} />
      <h3>Users</h3>
      <div class="field">
        <label for="user-search">Search by name</label>
        <input
          id="user-search"
          type="search"
          maxLength={32}
          value={query}
          data-testid="admin-user-search"
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setOffset(0);
          }}
        />
      </div>
      <Problem text={error} />
      {data && (
        <>
          <p class="muted">
            {data.total} user{data.total === 1 ? '' : 's'}
          </p>
          <ul class="item-list">
            {data.users.map((u) => (
              <li key={u.id} class="admin-user" data-testid={`admin-user-${u.username}`}>
                <div class="admin-user-row">
                  <strong>{u.username}</strong>
                  <span class="admin-badge">{u.system ? 'system' : u.role}</span>
                  {u.banned && <span class="admin-badge danger" data-testid="banned-badge">banned{u.ban_reason ? `: ${u.ban_reason}` : ''}</span>}
                  {u.timeout_until && <span class="admin-badge">timed out until {formatTime(u.timeout_until)}</span>}
                  <span class="muted">joined {formatTime(u.created_at)}</span>
                  <span class="topbar-spacer" />
                  <button type="button" aria-expanded={open === u.username} onClick={() => setOpen(open === u.username ? null : u.username)}>
                    {open === u.username ? 'Close' : 'Manage'}
                  </button>
                </div>
                {open === u.username && <UserManager target={u} onChanged={() => void reload()} />}
              </li>
            ))}
          </ul>
          <div class="admin-actions">
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
              Previous
            </button>
            <button type="button" disabled={offset + PAGE >= data.total} onClick={() => setOffset(offset + PAGE)}>
              Next
            </button>
          </div>
        </>
      )}
    </div>
  );
}
