// The signed-in app: top bar, sidebar navigation and the main panel of the current section.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { SECTIONS, linkClick, route } from '../router';
import { connectionDetail, connectionState } from '../socket';
import { currentUser, isAdmin, signedOut, theme, toggleTheme } from '../state';
import { Icon } from '../icons';
import { AdminView } from './AdminView';
import { AlertBanner } from './admin/AlertBanner';
import { ChannelsView } from './ChannelsView';
import { CustomChannelsView } from './CustomChannelsView';
import { DirectMessagesView } from './DirectMessagesView';
import { DocumentsView } from './DocumentsView';
import { FilesView } from './FilesView';
import { GroupsView } from './GroupsView';
import { NotFoundView } from './NotFoundView';
import { SettingsView } from './SettingsView';
import { VoiceView } from './VoiceView';
import { unreadBySection } from '../messaging/store';


function MainPanel() {
  const r = route.value;
  switch (r.section) {
    case 'channels':
      return <ChannelsView rest={r.rest} />;
    case 'dm':
      return <DirectMessagesView rest={r.rest} />;
    case 'groups':
      return <GroupsView rest={r.rest} inviteCode={r.inviteCode} />;
    case 'documents':
      return <DocumentsView />;
    case 'files':
      return <FilesView />;
    case 'voice':
      return <VoiceView />;
    case 'custom':
      return <CustomChannelsView />;
    case 'settings':
      return <SettingsView />;
    case 'admin':
      return <AdminView />;
    default:
      return <NotFoundView path={'/' + r.rest.join('/')} />;
  }
}

/** Unread messages of a messaging section, as a badge after its name. */
function NavUnread({ section }: { section: string }) {
  const counts = unreadBySection.value as Record<string, number>;
  const n = counts[section] ?? 0;
  if (!n) return null;
  return (
    <span class="unread nav-unread" data-testid={`nav-unread-${section}`} aria-label={`${n} unread`}>
      {n > 99 ? '99+' : n}
    </span>
  );
}

const STATE_LABEL = {
  connected: 'Connected to the server',
  reconnecting: 'Connection lost, trying to reconnect',
  offline: 'Offline',
} as const;

function ConnectionIndicator() {
  const state = connectionState.value;
  return (
    <span class={`conn conn-${state}`} title={connectionDetail.value ?? STATE_LABEL[state]}>
      <span class="conn-dot" aria-hidden="true" />
      <span class="visually-hidden">Realtime connection: </span>
      <span data-testid="connection-state" aria-live="polite">
        {state}
      </span>
    </span>
  );
}

export function Shell() {
  const user = currentUser.value!;
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const active = route.value.section;
  const sections = SECTIONS.filter((s) => !s.adminOnly || isAdmin.value);
  const activeLabel = SECTIONS.find((s) => s.id === active)?.label ?? 'Chatter';

  useEffect(() => {
    document.title = `${activeLabel} · Chatter`;
  }, [activeLabel]);

  useEffect(() => {
    if (!menuOpen) return undefined;
    // Move keyboard focus into the opened drawer.
    document.querySelector<HTMLElement>('#sidebar .nav-link')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setMenuOpen(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [menuOpen]);

  async function signOut() {
    setSigningOut(true);
    try {
      await api.logout();
    } catch {
      // Even if the server cannot be reached, forget the user locally.
    }
    setSigningOut(false);
    signedOut();
  }

  return (
    <div class={menuOpen ? 'shell menu-open' : 'shell'}>
      <header class="topbar">
        <button
          type="button"
          class="menu-button"
          aria-controls="sidebar"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen(!menuOpen)}
        >
          <Icon name="menu" /> Menu
        </button>
        <a class="brand" href="/channels" onClick={(e) => linkClick(e, '/channels')}>
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Chatter</span>
        </a>
        <span class="topbar-spacer" />
        <ConnectionIndicator />
        <span class="user-chip" title={`Signed in as ${user.username} (${user.role})`}>
          <span class="avatar" aria-hidden="true">
            {user.username.slice(0, 1).toUpperCase()}
          </span>
          <span class="user-text">
            <span class="user-name" data-testid="current-user">
              {user.username}
            </span>
            <span class="user-role" data-testid="current-role">
              {user.role}
            </span>
          </span>
        </span>
      </header>

      <nav id="sidebar" class="sidebar" aria-label="Sections">
        <ul>
          {sections.map((s) => (
            <li key={s.id}>
              <a
                href={s.path}
                class={s.id === active ? 'nav-link active' : 'nav-link'}
                aria-current={s.id === active ? 'page' : undefined}
                data-testid={`nav-${s.id}`}
                onClick={(e) => {
                  setMenuOpen(false);
                  linkClick(e, s.path);
                }}
              >
                <span class="nav-icon">
                  <Icon name={s.id} />
                </span>
                {s.label}
                <NavUnread section={s.id} />
              </a>
            </li>
          ))}
        </ul>
        <div class="sidebar-footer">
          <button type="button" onClick={toggleTheme}>
            {theme.value === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
          <button type="button" onClick={signOut} disabled={signingOut} data-testid="sign-out">
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </nav>
      {menuOpen && <div class="backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} />}

      <main id="main-panel" class="main" tabIndex={-1}>
        <AlertBanner />
        <MainPanel />
      </main>
    </div>
  );
}
