// Custom channels (issue #7): the sidebar lists the channels that run for this user (icon, name)
// and links to the management page; the main pane is either that page or one channel's panel.
import { useEffect } from 'preact/hooks';
import { ChannelPanel } from '../custom/ChannelPanel';
import { ManageChannels } from '../custom/ManageChannels';
import { channelIcons, customChannels, customChannelsError, loadCustomChannels, runnable } from '../custom/store';
import { EmptyPane } from '../messaging/Layout';
import { linkClick, route } from '../router';
import { currentUser } from '../state';
import '../custom/custom.css';

export function CustomChannelsView() {
  const rest = route.value.rest;
  const selected = rest[0] && /^\d+$/.test(rest[0]) ? Number(rest[0]) : null;
  const username = currentUser.value?.username ?? '';

  useEffect(() => {
    void loadCustomChannels();
  }, []);

  const list = customChannels.value;
  const running = (list ?? []).filter(runnable);
  const open = selected !== null ? running.find((c) => c.id === selected) : undefined;
  const icons = channelIcons.value;

  return (
    <div class={selected !== null ? 'chat-layout has-selection' : 'chat-layout'}>
      <aside class="chat-list" aria-label="Custom channels">
        <div class="chat-list-head">
          <h2 class="chat-list-title">Custom channels</h2>
          <a href="/custom" class="small" onClick={(e) => linkClick(e, '/custom')} data-testid="custom-manage-link">
            Manage
          </a>
        </div>
        {running.length === 0 && list !== null && <p class="muted">No channel runs for you yet. Add one, or run a shared one.</p>}
        <ul class="chat-links" data-testid="custom-sidebar">
          {running.map((c) => {
            const path = `/custom/${c.id}`;
            const active = c.id === selected;
            return (
              <li key={c.id}>
                <a
                  href={path}
                  class={active ? 'chat-link active' : 'chat-link'}
                  aria-current={active ? 'page' : undefined}
                  data-testid="custom-link"
                  data-channel-id={c.id}
                  onClick={(e) => linkClick(e, path)}
                >
                  <span class="chat-link-text">
                    <span aria-hidden="true">{icons[c.id] ?? '🧩'}</span> {c.name}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      </aside>
      <div class="chat-pane">
        {selected === null && <ManageChannels />}
        {selected !== null && open && username && (
          <ChannelPanel
            key={`${open.id}:${open.sha256}`}
            channel={open}
            username={username}
            onLoaded={(id, icon) => {
              if (icon && icons[id] !== icon) channelIcons.value = { ...channelIcons.value, [id]: icon };
            }}
          />
        )}
        {selected !== null && !open && (
          <EmptyPane>
            {list === null && !customChannelsError.value
              ? 'Loading…'
              : 'This channel is not running for you: it may be disabled, changed or removed. See Manage.'}
          </EmptyPane>
        )}
      </div>
    </div>
  );
}
