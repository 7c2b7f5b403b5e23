// A modal <dialog> (native focus trap and Escape handling).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** A modal <dialog>: Escape and the Close button call onClose. */
export function Modal({ title, onClose, children, testid }: { title: string; onClose: () => void; children: ComponentChildren; testid?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      class="modal"
      aria-labelledby="modal-title"
      data-testid={testid}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header class="modal-header">
        <h2 id="modal-title">{title}</h2>
        <button type="button" class="small" onClick={onClose}>
          Close
        </button>
      </header>
      <div class="modal-body">{children}</div>
    </dialog>
  );
}

