// Reporting a message or a user to the administrators (docs/api-files-admin.md, "Reports"): the
// acked `report_message` / `report_user` events; the reports land in the admin console's queue.
import { useState } from 'preact/hooks';
import { useAction } from '../action';
import { Feedback } from '../views/settings/Feedback';
import { emitAck } from './client';
import { Modal } from './Modal';
import type { MessageKind } from './reactions';

/** The server's limit on a report's reason (1–500 characters). */
export const REPORT_REASON_MAX = 500;

/** What is reported: one message (of a channel, DM or group) or one user. */
export type ReportTarget = { kind: MessageKind; messageId: number } | { username: string };

function sendReport(target: ReportTarget, reason: string): Promise<unknown> {
  if ('username' in target) return emitAck('report_user', { username: target.username, reason });
  // The client calls channel messages "public"; the report event calls them "channel".
  const kind = target.kind === 'public' ? 'channel' : target.kind;
  return emitAck('report_message', { message_id: target.messageId, kind, reason });
}

/**
 * The reason field and send button. An empty reason is refused here; anything the server refuses
 * (own message, rate limit, a message that is gone) shows the server's sentence.
 */
export function ReportForm({ target, idPrefix }: { target: ReportTarget; idPrefix: string }) {
  const [reason, setReason] = useState('');
  const { busy, error, done, run, fail } = useAction();

  async function submit(e: Event) {
    e.preventDefault();
    if (!reason.trim()) {
      fail('Say why you are reporting this, so an administrator can judge it.');
      return;
    }
    await run(() => sendReport(target, reason.trim()), 'Report sent. An administrator will look at it.');
  }

  if (done) return <Feedback error={null} done={done} />;
  return (
    <form class="report-form" onSubmit={submit} noValidate data-testid="report-form">
      <div class="field">
        <label for={`${idPrefix}-reason`}>Reason</label>
        <textarea
          id={`${idPrefix}-reason`}
          rows={3}
          autoFocus
          maxLength={REPORT_REASON_MAX}
          value={reason}
          onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
        />
        <span class="hint">
          {reason.length}/{REPORT_REASON_MAX}
        </span>
      </div>
      <Feedback error={error} />
      <button type="submit" class="danger" disabled={busy}>
        Send report
      </button>
    </form>
  );
}

/** "Report message": a dialog around ReportForm. */
export function ReportMessageDialog({ kind, messageId, author, onClose }: { kind: MessageKind; messageId: number; author: string; onClose: () => void }) {
  return (
    <Modal title={`Report ${author}'s message`} onClose={onClose} testid="report-dialog">
      <ReportForm target={{ kind, messageId }} idPrefix={`report-${kind}-${messageId}`} />
    </Modal>
  );
}
