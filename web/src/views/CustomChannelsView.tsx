// Custom channels (issue #7): the sidebar lists the channels that run for this user (icon, name)
// and links to the management page; the main pane is either that page or one channel's panel.
import { Icon } from '../icons';
import { useEffect } from 'preact/hooks';
import { ChannelPanel } from '../custom/ChannelPanel';
import { ManageChannels } from '../custom/ManageChannels';
import { channelIcons, customChannels, customChannelsError, loadCustomChannels, runnable } from '../custom/store';
import { EmptyPane } from '../messaging/Layout';
import { linkClick, route } from '../router';
import { currentUser } from '../state';
import '../custom/custom.css';
import { SidebarList } from './SidebarList';

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
    <SidebarList
      title="Custom channels"
      action={
        <a href="/custom" class="small" onClick={(e) => linkClick(e, '/custom')} data-testid="custom-manage-link">
          Manage
        </a>
      }
      selected={selected}
      status={running.length === 0 && list !== null && <p class="muted">No channel runs for you yet. Add one, or run a shared one.</p>}
      entries={running.map((c) => ({
        id: c.id,
        path: `/custom/${c.id}`,
        content: (
          <span class="chat-link-text">
            <span aria-hidden="true">{icons[c.id] ?? <Icon name="custom" size={14} />}</span> {c.name}
          </span>
        ),
      }))}
      listTestid="custom-sidebar"
      linkTestid="custom-link"
      idAttribute="data-channel-id"
    >
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
    </SidebarList>
  );
}
