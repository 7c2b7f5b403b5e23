// Two panes for every messaging section: the list of conversations and the open one.
// At phone width only one pane shows: the list, or the conversation with a Back link.
import type { ComponentChildren } from 'preact';
import { linkClick } from '../router';
import { SearchBox } from './Search';
import { onlineUsers, unread } from './store';
import { UserProfileButton } from '../users/UserProfileButton';

export function ChatLayout({
  label,
  list,
  selected,
  children,
}: {
  label: string;
  list: ComponentChildren;
  selected: boolean;
  children: ComponentChildren;
}) {
  return (
    <div class={selected ? 'chat-layout has-selection' : 'chat-layout'}>
      <aside class="chat-list" aria-label={label}>
        <SearchBox />
        {list}
      </aside>
      <div class="chat-pane">{children}</div>
    </div>
  );
}

/** The title of a conversation list, with its action (e.g. a "New …" button) beside it. */
export function ListHead({ title, children }: { title: string; children?: ComponentChildren }) {
  return (
    <div class="chat-list-head">
      <h2 class="chat-list-title">{title}</h2>
      {children}
    </div>
  );
}

/** Under a list's head: the error of loading it, "Loading…" until it came, and `empty` if it is. */
export function ListStatus({ items, error, empty }: { items: unknown[] | null; error: string | null; empty?: string }) {
  return (
    <>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      {!items && !error && <p class="muted">Loading…</p>}
      {empty && items && items.length === 0 && <p class="muted">{empty}</p>}
    </>
  );
}

export function ConversationHeader({
  title,
  subtitle,
  backPath,
  backLabel,
  actions,
}: {
  title: ComponentChildren;
  subtitle?: ComponentChildren;
  backPath: string;
  backLabel: string;
  actions?: ComponentChildren;
}) {
  return (
    <header class="conv-header">
      <a class="conv-back" href={backPath} onClick={(e) => linkClick(e, backPath)} aria-label={backLabel}>
        ‹ Back
      </a>
      <div class="conv-title">
        <h1 id="panel-title" data-testid="conversation-title">
          {title}
        </h1>
        {subtitle && <p class="conv-subtitle muted">{subtitle}</p>}
      </div>
      {actions && <div class="conv-actions">{actions}</div>}
    </header>
  );
}

export function UnreadBadge({ unreadKey }: { unreadKey: string }) {
  const n = unread.value[unreadKey] ?? 0;
  if (!n) return null;
  return (
    <span class="unread" data-testid="unread" aria-label={`${n} unread`}>
      {n > 99 ? '99+' : n}
    </span>
  );
}

export function ListLink({
  path,
  active,
  unreadKey,
  testid,
  children,
}: {
  path: string;
  active: boolean;
  unreadKey: string;
  testid?: string;
  children: ComponentChildren;
}) {
  return (
    <li>
      <a
        href={path}
        class={active ? 'chat-link active' : 'chat-link'}
        aria-current={active ? 'page' : undefined}
        data-testid={testid}
        onClick={(e) => linkClick(e, path)}
      >
        <span class="chat-link-text">{children}</span>
        <UnreadBadge unreadKey={unreadKey} />
      </a>
    </li>
  );
}

export function OnlineList() {
  const users = onlineUsers.value;
  return (
    <section class="online" aria-labelledby="online-title" data-testid="online-list">
      <h2 id="online-title" class="chat-list-title">
        Online <span class="muted">({users.length})</span>
      </h2>
      <ul>
        {users.map((u) => (
          <li key={u}>
            <span class="online-dot" aria-hidden="true" />
            <UserProfileButton username={u} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function EmptyPane({ children }: { children: ComponentChildren }) {
  return (
    <div class="chat-empty">
      <p class="muted">{children}</p>
    </div>
  );
}
