// One open document: joins its Socket.IO room, keeps the <textarea> and an OT client in step,
// tracks who else is in it and where their cursors are, and reacts to access changes.
import { signal } from '@preact/signals';
import { ApiError, errorMessage } from '../api';
import { emitAck } from '../messaging/client';
import { socket } from '../socket';
import type { DocRole } from './api';
import { apply, diff, isOp, OTClient, transformIndex, type Op } from './ot.js';

export interface RemoteCursor {
  position: number;
  selection_end: number;
}

interface JoinAck {
  ok: true;
  doc_id: number;
  name: string;
  content: string;
  revision: number;
  role: DocRole;
  users: string[];
}

export type SessionStatus = 'joining' | 'ready' | 'closed';

const CURSOR_THROTTLE_MS = 120;

export class DocSession {
  readonly docId: number;
  readonly me: string;
  readonly status = signal<SessionStatus>('joining');
  readonly name = signal<string>('');
  readonly role = signal<DocRole | null>(null);
  /** The text as the preview sees it (updated on every change). */
  readonly text = signal<string>('');
  readonly users = signal<string[]>([]);
  readonly cursors = signal<Record<string, RemoteCursor>>({});
  /** A sentence about what happened (removed, downgraded, deleted, a refused edit). */
  readonly notice = signal<string | null>(null);
  readonly error = signal<string | null>(null);
  readonly revision = signal<number>(0);
  readonly syncState = signal<'synchronized' | 'awaiting' | 'buffer'>('synchronized');

  private client: OTClient | null = null;
  private local = '';
  private ta: HTMLTextAreaElement | null = null;
  private early: { revision: number; op: Op }[] = [];
  private cursorTimer: number | null = null;
  private joinSeq = 0;
  private disposed = false;
  private readonly handlers: [string, (...args: any[]) => void][];

  constructor(docId: number, me: string) {
    this.docId = docId;
    this.me = me;
    this.handlers = [
      ['doc_op', (p) => this.onOp(p)],
      ['doc_user_joined', (p) => this.onUserJoined(p)],
      ['doc_user_left', (p) => this.onUserLeft(p)],
      ['doc_cursor', (p) => this.onCursor(p)],
      ['doc_member_removed', (p) => this.onMemberRemoved(p)],
      ['doc_member_role_updated', (p) => this.onRoleUpdated(p)],
      ['doc_deleted', (p) => this.onDeleted(p)],
      ['connect', () => this.onReconnect()],
    ];
    for (const [ev, fn] of this.handlers) socket.on(ev, fn);
    void this.join();
  }

  get readOnly(): boolean {
    return this.role.value === 'viewer' || this.status.value !== 'ready';
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const [ev, fn] of this.handlers) socket.off(ev, fn);
    this.detach();
    if (this.status.value !== 'closed' && socket.connected) socket.emit('doc_leave', { doc_id: this.docId }, () => undefined);
    this.status.value = 'closed';
  }

  // ---- textarea --------------------------------------------------------------------------

  attach(ta: HTMLTextAreaElement): void {
    if (this.ta === ta) return;
    this.detach();
    this.ta = ta;
    ta.value = this.local;
    ta.addEventListener('input', this.onInput);
    for (const ev of ['select', 'keyup', 'click', 'focus']) ta.addEventListener(ev, this.onCaret);
  }

  detach(): void {
    if (!this.ta) return;
    this.ta.removeEventListener('input', this.onInput);
    for (const ev of ['select', 'keyup', 'click', 'focus']) this.ta.removeEventListener(ev, this.onCaret);
    this.ta = null;
  }

  private onInput = () => {
    const ta = this.ta;
    if (!ta || !this.client || this.readOnly) {
      // Not editable (yet): put the text back.
      if (ta && ta.value !== this.local) ta.value = this.local;
      return;
    }
    const next = ta.value;
    if (next === this.local) return;
    const op = diff(this.local, next, ta.selectionEnd);
    this.local = next;
    this.moveCursors(op);
    this.text.value = next;
    this.client.applyClient(op);
    this.syncState.value = this.client.state;
    this.scheduleCursor();
  };

  private onCaret = () => this.scheduleCursor();

  private scheduleCursor(): void {
    if (this.cursorTimer !== null) return;
    this.cursorTimer = window.setTimeout(() => {
      this.cursorTimer = null;
      const ta = this.ta;
      if (!ta || this.status.value !== 'ready' || !socket.connected) return;
      socket.emit(
        'doc_cursor',
        { doc_id: this.docId, position: ta.selectionStart, selection_end: ta.selectionEnd },
        () => undefined,
      );
    }, CURSOR_THROTTLE_MS);
  }

  /** Other users' cursors follow the text through every change. */
  private moveCursors(op: Op): void {
    const cur = this.cursors.value;
    const names = Object.keys(cur);
    if (!names.length) return;
    const out: Record<string, RemoteCursor> = {};
    for (const n of names) {
      const c = cur[n]!;
      out[n] = { position: transformIndex(op, c.position), selection_end: transformIndex(op, c.selection_end) };
    }
    this.cursors.value = out;
  }

  // ---- joining ---------------------------------------------------------------------------

  private async join(): Promise<void> {
    const seq = ++this.joinSeq;
    this.client = null;
    this.early = [];
    this.status.value = 'joining';
    // Not connected yet (page opened on this document): the 'connect' handler joins.
    if (!socket.connected) return;
    try {
      const ack = await emitAck<JoinAck>('doc_join', { doc_id: this.docId });
      if (this.disposed || seq !== this.joinSeq) return;
      this.name.value = ack.name;
      this.role.value = ack.role;
      this.users.value = Array.from(new Set(ack.users ?? []));
      this.setWholeText(ack.content ?? '');
      this.revision.value = ack.revision;
      this.client = new OTClient(ack.revision, {
        send: (rev, op) => this.sendOp(rev, op),
        apply: (op) => this.applyRemote(op),
      });
      for (const e of this.early) this.client.receive(e.revision, e.op);
      this.early = [];
      this.revision.value = this.client.revision;
      this.error.value = null;
      this.status.value = 'ready';
    } catch (err) {
      if (this.disposed || seq !== this.joinSeq) return;
      if (err instanceof ApiError && (err.code === 'doc_not_found' || err.code === 'forbidden')) {
        this.close(
          err.code === 'doc_not_found'
            ? 'This document does not exist or you no longer have access to it.'
            : errorMessage(err),
        );
      } else {
        this.error.value = `Could not open the document: ${errorMessage(err)}`;
      }
    }
  }

  private onReconnect(): void {
    if (this.disposed || this.status.value === 'closed') return;
    const unsaved = this.client !== null && this.client.state !== 'synchronized';
    if (unsaved) this.notice.value = 'The connection dropped before your last change was saved; the document was reloaded from the server.';
    void this.join();
  }

  /** Leaves the editor for good, with a sentence for the user. */
  close(message: string): void {
    this.notice.value = message;
    this.status.value = 'closed';
    this.client = null;
    this.users.value = [];
    this.cursors.value = {};
  }

  // ---- operations ------------------------------------------------------------------------

  private sendOp(revision: number, op: Op): void {
    const seq = this.joinSeq;
    this.syncState.value = 'awaiting';
    emitAck<{ ok: true; revision: number }>('doc_op', { doc_id: this.docId, revision, op })
      .then((ack) => {
        if (seq !== this.joinSeq || !this.client) return;
        this.client.ack(Number(ack.revision));
        this.revision.value = this.client.revision;
        this.syncState.value = this.client.state;
      })
      .catch((err: unknown) => {
        if (seq !== this.joinSeq || this.disposed) return;
        if (err instanceof ApiError && err.code === 'doc_not_found') {
          this.close('You no longer have access to this document.');
          return;
        }
        if (err instanceof ApiError && err.code === 'forbidden') {
          this.role.value = 'viewer';
          this.notice.value = 'You can no longer edit this document; it is read-only now. Your last change was not saved.';
        } else {
          this.notice.value = `Your last change could not be saved (${errorMessage(err)}); the document was reloaded.`;
        }
        void this.join();
      });
  }

  private onOp(p: { doc_id: number; revision: number; op: unknown; username?: string }): void {
    if (!p || Number(p.doc_id) !== this.docId || !isOp(p.op)) return;
    const revision = Number(p.revision);
    if (!this.client) {
      this.early.push({ revision, op: p.op });
      return;
    }
    try {
      this.client.receive(revision, p.op);
    } catch {
      // An op that does not fit our text: start again from the server's copy.
      this.notice.value = 'The document was reloaded to stay in step with the server.';
      void this.join();
      return;
    }
    this.revision.value = this.client.revision;
    this.syncState.value = this.client.state;
  }

  /** Applies a transformed remote op to the textarea, keeping the local caret and selection. */
  private applyRemote(op: Op): void {
    this.local = apply(this.local, op);
    this.moveCursors(op);
    const ta = this.ta;
    if (ta) {
      const focused = document.activeElement === ta;
      const start = transformIndex(op, ta.selectionStart);
      const end = transformIndex(op, ta.selectionEnd);
      const dir = ta.selectionDirection;
      const scroll = ta.scrollTop;
      ta.value = this.local;
      if (focused) ta.setSelectionRange(start, end, dir);
      ta.scrollTop = scroll;
    }
    this.text.value = this.local;
  }

  private setWholeText(content: string): void {
    this.local = content;
    this.text.value = content;
    const ta = this.ta;
    if (ta && ta.value !== content) {
      const start = Math.min(ta.selectionStart, content.length);
      ta.value = content;
      if (document.activeElement === ta) ta.setSelectionRange(start, start);
    }
  }

  // ---- presence and access ---------------------------------------------------------------

  private onUserJoined(p: { doc_id: number; username: string }): void {
    if (!p || Number(p.doc_id) !== this.docId || typeof p.username !== 'string') return;
    if (!this.users.value.includes(p.username)) this.users.value = [...this.users.value, p.username];
  }

  private onUserLeft(p: { doc_id: number; username: string }): void {
    if (!p || Number(p.doc_id) !== this.docId) return;
    this.users.value = this.users.value.filter((u) => u !== p.username);
    if (p.username in this.cursors.value) {
      const { [p.username]: _gone, ...rest } = this.cursors.value;
      this.cursors.value = rest;
    }
  }

  private onCursor(p: { doc_id: number; username: string; position: number; selection_end?: number }): void {
    if (!p || Number(p.doc_id) !== this.docId || typeof p.username !== 'string' || p.username === this.me) return;
    const len = this.local.length;
    const position = Math.max(0, Math.min(len, Number(p.position) || 0));
    const selEnd = p.selection_end === undefined || p.selection_end === null ? position : Number(p.selection_end);
    this.cursors.value = {
      ...this.cursors.value,
      [p.username]: { position, selection_end: Math.max(0, Math.min(len, selEnd || 0)) },
    };
    if (!this.users.value.includes(p.username)) this.users.value = [...this.users.value, p.username];
  }

  private onMemberRemoved(p: { doc_id: number; username: string }): void {
    if (!p || Number(p.doc_id) !== this.docId) return;
    if (p.username === this.me) this.close('You were removed from this document by its creator. The editor has been closed.');
  }

  private onRoleUpdated(p: { doc_id: number; username: string; role: DocRole }): void {
    if (!p || Number(p.doc_id) !== this.docId || p.username !== this.me) return;
    const was = this.role.value;
    this.role.value = p.role;
    if (p.role === 'viewer' && was !== 'viewer') {
      this.notice.value = 'Your role was changed to viewer: the document is read-only for you now.';
      if (this.client && this.client.state !== 'synchronized') void this.join();
    } else if (p.role === 'editor' && was === 'viewer') {
      this.notice.value = 'You can edit this document now (your role was changed to editor).';
    }
  }

  private onDeleted(p: { doc_id: number }): void {
    if (!p || Number(p.doc_id) !== this.docId) return;
    this.close('This document was deleted by its creator.');
  }
}

/** 1-based line and column of a UTF-16 offset, for showing where someone's cursor is. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: end - last };
}
