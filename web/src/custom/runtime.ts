// Running one custom channel (docs/custom-channels.md): its script is loaded from Chatter's own
// origin with a <script> element (the page's CSP allows only 'self' scripts), the definition is
// taken from window.ChatterCustomChannel and the global removed at once, then
// `init.call(channel, container, socket, utils)` runs with the app's real Socket.IO connection.
// Anything the channel throws is caught and reported; the app keeps running.
import type { Socket } from 'socket.io-client';
import { socket as appSocket } from '../socket';
import { channelStorage, type CustomChannel } from './api';

/** The object a channel script assigns to window.ChatterCustomChannel. */
export interface ChannelDefinition {
  name?: string;
  version?: string;
  description?: string;
  icon?: string;
  init?: (this: ChannelDefinition, container: HTMLElement, socket: Socket, utils: ChannelUtils) => unknown;
  onMessage?: (this: ChannelDefinition, data: CustomMessage) => unknown;
  onCommand?: (this: ChannelDefinition, cmd: string, args: string[]) => unknown;
  destroy?: (this: ChannelDefinition) => unknown;
  [key: string]: unknown;
}

export interface CustomMessage {
  channel_id: number;
  username: string;
  text: string;
  created_at: string;
}

export interface CommandResult {
  ok: true;
  text?: string;
  data?: unknown;
}

export interface ChannelUtils {
  username: string;
  channel: { id: number; name: string };
  api: (path: string, options?: { method?: string; body?: unknown; headers?: Record<string, string> }) => Promise<unknown>;
  command: (text: string) => Promise<CommandResult>;
  notify: (text: string) => void;
  send: (text: string) => Promise<CustomMessage>;
  storage: ReturnType<typeof channelStorage>;
}

/** Commands the server runs itself (the API document's "Built-in Commands"). */
export const BUILT_IN_COMMANDS = new Set(['file', 'user', 'message', 'channel', 'help']);
const ACK_TIMEOUT_MS = 10_000;

function describe(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

function clearGlobal(): void {
  const w = window as unknown as Record<string, unknown>;
  try {
    delete w.ChatterCustomChannel;
  } catch {
    // A script that declared it with `var` made it non-configurable.
    w.ChatterCustomChannel = undefined;
  }
}

let loading: Promise<unknown> = Promise.resolve();

/**
 * Loads the accepted version of a channel's script and returns its definition. Loads run one at a
 * time, so two channels never see each other's window.ChatterCustomChannel.
 */
export function loadDefinition(channel: CustomChannel): Promise<ChannelDefinition> {
  const run = () =>
    new Promise<ChannelDefinition>((resolve, reject) => {
      const element = document.createElement('script');
      // The accepted hash pins the version: a script changed since then is refused (409).
      element.src = `${channel.script_url}?v=${channel.sha256}`;
      element.async = false;
      element.dataset.customChannel = String(channel.id);
      let thrown: unknown = null;
      const onError = (event: ErrorEvent) => {
        if (event.filename && event.filename.includes(channel.script_url)) {
          thrown = event.error ?? new Error(event.message);
          event.preventDefault();
        }
      };
      const finish = () => {
        window.removeEventListener('error', onError);
        element.remove();
      };
      element.onload = () => {
        finish();
        const definition = (window as unknown as Record<string, unknown>).ChatterCustomChannel;
        clearGlobal();
        if (thrown) {
          reject(new Error(`The channel's script failed: ${describe(thrown)}`));
        } else if (!definition || typeof definition !== 'object') {
          reject(new Error('The script did not set window.ChatterCustomChannel to a channel object.'));
        } else {
          resolve(definition as ChannelDefinition);
        }
      };
      element.onerror = () => {
        finish();
        reject(new Error('The script could not be loaded: it may have changed or been removed. Reload the page.'));
      };
      clearGlobal();
      window.addEventListener('error', onError);
      document.head.appendChild(element);
    });
  const result = loading.then(run, run);
  loading = result.catch(() => undefined);
  return result;
}

/**
 * The app's socket as the channel sees it: every property and method is the real connection's,
 * but listeners the channel adds are remembered and removed when it is unloaded.
 */
function trackedSocket(real: Socket): { socket: Socket; release: () => void } {
  const added: Array<[string, (...args: unknown[]) => void]> = [];
  const anyAdded: Array<(...args: unknown[]) => void> = [];
  const overrides: Record<string, unknown> = {};
  const proxy: Socket = new Proxy(real, {
    get(target, prop) {
      if (typeof prop === 'string' && Object.hasOwn(overrides, prop)) return overrides[prop];
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  const on = (event: string, fn: (...args: unknown[]) => void) => {
    real.on(event, fn);
    added.push([event, fn]);
    return proxy;
  };
  overrides.on = on;
  overrides.addEventListener = on;
  overrides.once = (event: string, fn: (...args: unknown[]) => void) => {
    real.once(event, fn);
    added.push([event, fn]);
    return proxy;
  };
  overrides.onAny = (fn: (...args: unknown[]) => void) => {
    real.onAny(fn);
    anyAdded.push(fn);
    return proxy;
  };
  const release = () => {
    for (const [event, fn] of added) real.off(event, fn);
    for (const fn of anyAdded) real.offAny(fn);
    added.length = 0;
    anyAdded.length = 0;
  };
  return { socket: proxy, release };
}

function emitWithAck<T>(event: string, payload: unknown, unanswered: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    appSocket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (err: unknown, ack: { ok?: boolean; error?: string } & T) => {
      if (err) reject(new Error(unanswered));
      else if (!ack || ack.ok !== true) reject(new Error(ack?.error || 'The server refused the request.'));
      else resolve(ack);
    });
  });
}

/** Runs a built-in command through the server's `command` event. */
export function runBuiltInCommand(text: string): Promise<CommandResult> {
  return emitWithAck<CommandResult>(
    'command',
    { command: text },
    'The server did not answer the command: built-in commands may not be available.',
  );
}

async function apiHelper(
  path: string,
  options: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<unknown> {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) {
    throw new Error('utils.api takes a path on this server, such as /api/files/list.');
  }
  const headers: Record<string, string> = { Accept: 'application/json', ...(options.headers ?? {}) };
  const init: RequestInit = { credentials: 'same-origin', headers };
  const body = options.body;
  init.method = (options.method ?? (body === undefined ? 'GET' : 'POST')).toUpperCase();
  if (body instanceof FormData || body instanceof Blob || typeof body === 'string') {
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  const data = (await response.json().catch(() => null)) as { ok?: boolean; error?: string } | null;
  if (!response.ok || data?.ok === false) {
    throw new Error(data?.error || `The server answered HTTP ${response.status}.`);
  }
  return data;
}

/** Splits `/cmd a b` into `cmd` and its arguments; null when the text is not a command. */
export function parseCommand(text: string): { cmd: string; args: string[] } | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/') || trimmed.length < 2) return null;
  const [cmd, ...args] = trimmed.slice(1).split(/\s+/);
  return { cmd: cmd.toLowerCase(), args };
}

export interface RuntimeHooks {
  /** A line for the panel's own log (notifications, command results, errors). */
  log: (kind: 'info' | 'error' | 'message', text: string) => void;
}

/** One loaded channel: init, message and command routing, destroy. */
export class ChannelRuntime {
  definition: ChannelDefinition | null = null;
  private release: (() => void) | null = null;
  private stopped = false;

  constructor(
    readonly channel: CustomChannel,
    private readonly username: string,
    private readonly hooks: RuntimeHooks,
  ) {}

  /** Loads and initialises the channel into `container` (already in the document). */
  async start(container: HTMLElement): Promise<ChannelDefinition> {
    const definition = await loadDefinition(this.channel);
    if (this.stopped) return definition;
    this.definition = definition;
    const tracked = trackedSocket(appSocket);
    this.release = tracked.release;
    if (typeof definition.init !== 'function') {
      throw new Error('The channel has no init function.');
    }
    try {
      await definition.init.call(definition, container, tracked.socket, this.utils());
    } catch (err) {
      throw new Error(`The channel failed to start: ${describe(err)}`);
    }
    return definition;
  }

  utils(): ChannelUtils {
    const id = this.channel.id;
    return {
      username: this.username,
      channel: { id, name: this.channel.name },
      api: apiHelper,
      command: runBuiltInCommand,
      notify: (text: string) => this.hooks.log('info', String(text)),
      send: (text: string) =>
        emitWithAck<{ message: CustomMessage }>(
          'custom_send',
          { channel_id: id, text: String(text) },
          'The server did not answer: the message may not have been sent.',
        ).then((ack) => ack.message),
      storage: channelStorage(id),
    };
  }

  /** Hands a message of the channel's stream to onMessage; false when the channel has none. */
  message(data: CustomMessage): boolean {
    const definition = this.definition;
    if (!definition || typeof definition.onMessage !== 'function') return false;
    this.guard('onMessage', () => definition.onMessage!.call(definition, data));
    return true;
  }

  /**
   * A `/`-command typed in the panel: to onCommand when the channel has one, and to the server
   * when it is built-in or the channel has no onCommand.
   */
  async command(text: string): Promise<void> {
    const parsed = parseCommand(text);
    if (!parsed) return;
    const definition = this.definition;
    const own = definition && typeof definition.onCommand === 'function';
    if (own) this.guard('onCommand', () => definition!.onCommand!.call(definition!, parsed.cmd, parsed.args));
    if (parsed.cmd === 'channel' && parsed.args[0] === 'info') {
      const c = this.channel;
      this.hooks.log(
        'info',
        `${definition?.icon ?? '🧩'} ${c.name} (#${c.id})${definition?.version ? ` v${definition.version}` : ''} by ${c.owner}` +
          `${c.shared ? ', shared with everyone' : ''}; script ${c.sha256.slice(0, 12)}…, ${c.size} bytes` +
          `${definition?.description ? ` — ${definition.description}` : ''}`,
      );
      return;
    }
    if (own && !BUILT_IN_COMMANDS.has(parsed.cmd)) return;
    try {
      const result = await runBuiltInCommand(text.trim());
      this.hooks.log('info', result.text ?? 'Done.');
    } catch (err) {
      this.hooks.log('error', describe(err));
    }
  }

  /** Calls destroy and removes the channel's socket listeners. */
  stop(): void {
    this.stopped = true;
    const definition = this.definition;
    if (definition && typeof definition.destroy === 'function') {
      this.guard('destroy', () => definition.destroy!.call(definition));
    }
    this.release?.();
    this.release = null;
    this.definition = null;
  }

  private guard(what: string, fn: () => unknown): void {
    try {
      const result = fn();
      if (result instanceof Promise) {
        result.catch((err: unknown) => this.hooks.log('error', `${what} failed: ${describe(err)}`));
      }
    } catch (err) {
      this.hooks.log('error', `${what} failed: ${describe(err)}`);
    }
  }
}
