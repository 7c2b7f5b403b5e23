// Application-wide state as signals: who is signed in, the theme, the boot phase.
import { computed, effect, signal } from '@preact/signals';
import { api, onUnauthorized, type Role } from './api';
import { connectSocket, disconnectSocket, socket } from './socket';
import { usersApi } from './users_api';

export interface CurrentUser {
  username: string;
  role: Role;
  id: number | null;
}

/** 'loading' until the first /api/whoami answers; 'ready' afterwards. */
export const bootPhase = signal<'loading' | 'ready'>('loading');
/** Set when the first /api/whoami could not be answered (server unreachable). */
export const bootError = signal<string | null>(null);
export const currentUser = signal<CurrentUser | null>(null);
/** Shown once on the sign-in page, e.g. after a session expired. */
export const signInNotice = signal<string | null>(null);

export const isAdmin = computed(() => {
  const role = currentUser.value?.role;
  return role === 'admin' || role === 'superadmin';
});

// Custom channel plugins read the current user from sessionStorage['username'] (binding API).
const USERNAME_KEY = 'username';

function storeUsername(name: string | null): void {
  try {
    if (name) sessionStorage.setItem(USERNAME_KEY, name);
    else sessionStorage.removeItem(USERNAME_KEY);
  } catch {
    // Storage can be unavailable (privacy modes); the app works without it.
  }
}

export function signedIn(user: CurrentUser): void {
  storeUsername(user.username);
  currentUser.value = user;
  signInNotice.value = null;
  connectSocket();
  // The theme is a per-account setting: follow it on every device the user signs in on. An
  // account that never chose one adopts the choice made on this device before signing in.
  void usersApi
    .settings()
    .then((result) => {
      const local = themeChoice.value;
      if (result.settings.theme === 'system' && local) return usersApi.saveSettings({ theme: local });
      setThemeSetting(result.settings.theme);
      return undefined;
    })
    .catch(() => undefined);
}

export function signedOut(notice: string | null = null): void {
  storeUsername(null);
  currentUser.value = null;
  signInNotice.value = notice;
  disconnectSocket();
}

/** Ask the server who we are; decides between the sign-in page and the app shell. */
export async function refreshWhoami(): Promise<void> {
  try {
    const who = await api.whoami();
    bootError.value = null;
    if (who.username) {
      signedIn({ username: who.username, role: who.role ?? 'user', id: who.id ?? null });
    } else if (currentUser.value) {
      signedOut();
    } else {
      storeUsername(null);
    }
  } catch (err) {
    bootError.value = err instanceof Error ? err.message : 'Could not reach the server.';
  } finally {
    bootPhase.value = 'ready';
  }
}

onUnauthorized(() => {
  if (currentUser.value) signedOut('Your session has ended. Please sign in again.');
});

// The server closes the realtime connection on purpose when the session is revoked or expires:
// ask who we are before the socket module retries.
socket.on('disconnect', (reason) => {
  if (reason === 'io server disconnect' && currentUser.value) {
    void api
      .whoami()
      .then((who) => {
        if (!who.username && currentUser.value) signedOut('Your session has ended. Please sign in again.');
      })
      .catch(() => undefined);
  }
});

// ---- Theme -----------------------------------------------------------------------------

export type Theme = 'light' | 'dark';
const THEME_KEY = 'chatter.theme';

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

function storedTheme(): Theme | null {
  try {
    const value = localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

/** The user's explicit choice, or null to follow the system setting. */
const themeChoice = signal<Theme | null>(storedTheme());
const systemPreference = signal<Theme>(systemTheme());
export const theme = computed<Theme>(() => themeChoice.value ?? systemPreference.value);

window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
  systemPreference.value = systemTheme();
});

/** Applies a theme setting from the server's settings: 'system' follows the operating system. */
export function setThemeSetting(setting: Theme | 'system'): void {
  themeChoice.value = setting === 'system' ? null : setting;
  try {
    if (setting === 'system') localStorage.removeItem(THEME_KEY);
    else localStorage.setItem(THEME_KEY, setting);
  } catch {
    // Not persisted; still applied for this page.
  }
}

/** The theme setting as stored: the explicit choice, or 'system'. */
export const themeSetting = computed<Theme | 'system'>(() => themeChoice.value ?? 'system');

export function toggleTheme(): void {
  const next: Theme = theme.value === 'dark' ? 'light' : 'dark';
  setThemeSetting(next);
  if (currentUser.value) void usersApi.saveSettings({ theme: next }).catch(() => undefined);
}

effect(() => {
  document.documentElement.dataset.theme = theme.value;
});
