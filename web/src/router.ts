// A small router on location.pathname. chatterd serves index.html for every unknown
// non-API path, so deep links such as /settings or /join/ABC123 load the app directly.
import { computed, signal } from '@preact/signals';

export type SectionId =
  | 'channels'
  | 'dm'
  | 'groups'
  | 'documents'
  | 'files'
  | 'voice'
  | 'custom'
  | 'settings'
  | 'admin';

export interface Section {
  id: SectionId;
  label: string;
  path: string;
  adminOnly?: boolean;
}

/** Sidebar order. */
export const SECTIONS: readonly Section[] = [
  { id: 'channels', label: 'Channels', path: '/channels' },
  { id: 'dm', label: 'Direct messages', path: '/dm' },
  { id: 'groups', label: 'Groups', path: '/groups' },
  { id: 'documents', label: 'Documents', path: '/documents' },
  { id: 'files', label: 'Files', path: '/files' },
  { id: 'voice', label: 'Voice', path: '/voice' },
  { id: 'custom', label: 'Custom channels', path: '/custom' },
  { id: 'settings', label: 'Settings', path: '/settings' },
  { id: 'admin', label: 'Administration', path: '/admin', adminOnly: true },
];

export interface Route {
  section: SectionId | 'not_found';
  /** Path segments after the section, e.g. ['general'] for /channels/general. */
  rest: string[];
  /** Invite code from /join/<code>, kept for the Groups view. */
  inviteCode: string | null;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function parsePath(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decode);
  if (parts.length === 0) return { section: 'channels', rest: [], inviteCode: null };
  const [head, ...rest] = parts;
  if (head === 'join') {
    return { section: 'groups', rest: [], inviteCode: rest[0] ?? null };
  }
  const section = SECTIONS.find((s) => s.path === `/${head}`);
  return section ? { section: section.id, rest, inviteCode: null } : { section: 'not_found', rest: parts, inviteCode: null };
}

export const currentPath = signal<string>(location.pathname);
export const route = computed<Route>(() => parsePath(currentPath.value));

export function navigate(path: string, replace = false): void {
  if (path === location.pathname) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  currentPath.value = location.pathname;
  // Keep focus management simple: move to the main panel for screen readers.
  queueMicrotask(() => document.getElementById('main-panel')?.focus({ preventScroll: true }));
}

window.addEventListener('popstate', () => {
  currentPath.value = location.pathname;
});

/** Click handler for <a href> links: plain left clicks are routed in-app. */
export function linkClick(event: MouseEvent, path: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  event.preventDefault();
  navigate(path);
}
