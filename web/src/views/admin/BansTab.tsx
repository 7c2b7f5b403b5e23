// Address bans: IPv4/IPv6 addresses or CIDR networks refused at sign-in, registration and the
// realtime handshake. Loopback and the admin's own address cannot be banned (the server says so).
import { useState } from 'preact/hooks';
import { formatTime } from '../../format';
import { adminApi } from './api';
import { useAction } from '../../action';
import { Done, Problem, useLoad } from './common';

export function BansTab() {
  const { data, error, reload } = useLoad(() => adminApi.addressBans());
  const { busy, error: actionError, done, run } = useAction();
  const [address, setAddress] = useState('');
  const [reason, setReason] = useState('');
  return (
    <div>
      <form
        class="inline-form"
        onSubmit={async (e) => {
          e.preventDefault();
          if (await run(() => adminApi.banAddress(address.trim(), reason), `Banned ${address.trim()}.`)) {
            setAddress('');
            setReason('');
            void reload();
          }
        }}
      >
        <div class="field grow">
          <label for="ban-address">Address or network</label>
          <input id="ban-address" type="text" placeholder="203.0.113.7 or 2001:db8::/32" value={address} onInput={(e) => setAddress(e.currentTarget.value)} />
        </div>
        <div class="field grow">
          <label for="ban-reason">Reason</label>
          <input id="ban-reason" type="text" maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </div>
        <button type="submit" class="danger" disabled={busy || !address.trim()}>
          Ban address
        </button>
      </form>
      <Problem text={actionError ?? error} />
      <Done text={done} />
      {data && data.bans.length === 0 && <p class="muted">No address is banned.</p>}
      {data && data.bans.length > 0 && (
        <ul class="item-list">
          {data.bans.map((ban) => (
            <li key={ban.id} class="admin-user-row" data-testid={`address-ban-${ban.network}`}>
              <code>{ban.network}</code>
              <span>{ban.reason}</span>
              <span class="muted">
                by {ban.created_by}, {formatTime(ban.created_at)}
              </span>
              <span class="topbar-spacer" />
              <button type="button" disabled={busy} onClick={async () => (await run(() => adminApi.unbanAddress(ban.id), `Lifted the ban of ${ban.network}.`)) && void reload()}>
                Lift
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
