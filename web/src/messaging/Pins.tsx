// Pins in the message views: the pinned marker and pin/unpin action on a message, and the
// "Pinned" button of a conversation header with its panel of pinned messages (jump to, unpin).
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { formatTime } from '../format';
import { Icon } from '../icons';
import { Modal } from './Modal';
import { isPinned, jumpToMessage, loadPins, pinsVersion, setPinned, type PinnedMessage, type PinScope } from './pins';
import type { MessageKind } from './reactions';

export function PinnedMarker({ kind, id }: { kind: MessageKind; id: number }) {
  if (!isPinned(kind, id)) return null;
  return (
    <span class="msg-pinned with-icon" data-testid="pinned-marker" title="Pinned">
      <Icon name="pin" size={14} /> Pinned
    </span>
  );
}

/** Pin or unpin one message; only rendered for whoever the server lets pin. */
export function PinAction({ kind, id, onError }: { kind: MessageKind; id: number; onError: (e: string | null) => void }) {
  const pinned = isPinned(kind, id);
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      class="small"
      disabled={busy}
      data-testid={pinned ? 'unpin-message' : 'pin-message'}
      onClick={() => {
        setBusy(true);
        onError(null);
        setPinned(kind, id, !pinned)
          .catch((err) => onError(errorMessage(err)))
          .finally(() => setBusy(false));
      }}
    >
      {pinned ? 'Unpin' : 'Pin'}
    </button>
  );
}

/** The header button: loads the conversation's pins (so messages show their marker) and opens the panel. */
export function PinsButton({ scope, canPin }: { scope: PinScope; canPin: boolean }) {
  const [pins, setPins] = useState<PinnedMessage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const version = pinsVersion.value;
  const scopeKey = `${scope.kind}:${scope.param}:${scope.value}`;

  useEffect(() => {
    let cancelled = false;
    loadPins(scope)
      .then((list) => {
        if (cancelled) return;
        setPins(list);
        setError(null);
      })
      .catch((err) => !cancelled && setError(errorMessage(err)));
    return () => {
      cancelled = true;
    };
  }, [scopeKey, version]);

  useEffect(() => {
    setPins(null);
    setOpen(false);
  }, [scopeKey]);

  const count = pins?.length ?? 0;
  return (
    <>
      <button type="button" class="small with-icon" onClick={() => setOpen(true)} data-testid="pins-button" aria-haspopup="dialog">
        <Icon name="pin" size={14} /> Pinned{count > 0 ? ` (${count})` : ''}
      </button>
      {open && (
        <Modal title="Pinned messages" onClose={() => setOpen(false)} testid="pins-panel">
          {error && (
            <p class="error-box" role="alert">
              {error}
            </p>
          )}
          {!pins && !error && <p class="muted">Loading…</p>}
          {pins && pins.length === 0 && <p class="muted">Nothing is pinned in this conversation.</p>}
          {pins && pins.length > 0 && (
            <ol class="pins-list" aria-label="Pinned messages">
              {pins.map((p) => (
                <PinnedItem
                  key={p.id}
                  pin={p}
                  kind={scope.kind}
                  canPin={canPin}
                  onJump={() => {
                    setOpen(false);
                    // After the dialog has closed, so the list can scroll.
                    window.requestAnimationFrame(() => jumpToMessage(Number(p.id)));
                  }}
                />
              ))}
            </ol>
          )}
        </Modal>
      )}
    </>
  );
}

function PinnedItem({ pin, kind, canPin, onJump }: { pin: PinnedMessage; kind: MessageKind; canPin: boolean; onJump: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const author = pin.username ?? pin.from_user ?? '';
  const text = typeof pin.text === 'string' ? pin.text.replace(/\s+/g, ' ').trim() : '';
  return (
    <li class="pin-item" data-testid="pinned-message" data-id={pin.id}>
      <div class="pin-head">
        <strong>{author}</strong>{' '}
        <time class="muted" dateTime={pin.created_at}>
          {formatTime(pin.created_at)}
        </time>
      </div>
      <p class="pin-text">{text.length > 300 ? `${text.slice(0, 300)}…` : text || '(attachment)'}</p>
      <p class="pin-meta hint">
        Pinned by {pin.pinned_by} · {formatTime(pin.pinned_at)}
      </p>
      <div class="pin-actions">
        <button type="button" class="small" onClick={onJump} data-testid="jump-to-pinned">
          Jump to message
        </button>
        {canPin && <PinAction kind={kind} id={Number(pin.id)} onError={setError} />}
      </div>
      {error && (
        <p class="msg-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
