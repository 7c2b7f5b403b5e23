// The reports queue: open reports to review and resolve with a note; resolved ones for reference.
import { useState } from 'preact/hooks';
import { formatTime } from '../../format';
import { adminApi, type Report } from './api';
import { useAction } from '../../action';
import { Problem, useLoad } from './common';

function ReportItem({ report, onResolved }: { report: Report; onResolved: () => void }) {
  const [note, setNote] = useState('');
  const { busy, error, run } = useAction();
  return (
    <li class="admin-user" data-testid={`report-${report.id}`}>
      <div class="admin-user-row">
        <strong>{report.kind === 'user' ? `User ${report.target}` : `Message by ${report.target} (${report.message_kind} #${report.message_id})`}</strong>
        <span class="muted">
          reported by {report.reporter}, {formatTime(report.created_at)}
        </span>
      </div>
      {report.excerpt && <blockquote class="admin-excerpt">{report.excerpt}</blockquote>}
      <p>Reason: {report.reason}</p>
      {report.status === 'resolved' ? (
        <p class="muted">
          Resolved by {report.resolved_by} {formatTime(report.resolved_at)}
          {report.note ? `: ${report.note}` : ''}
        </p>
      ) : (
        <form
          class="inline-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (await run(() => adminApi.resolveReport(report.id, note))) onResolved();
          }}
        >
          <div class="field grow">
            <label for={`note-${report.id}`}>Note (optional)</label>
            <input id={`note-${report.id}`} type="text" maxLength={500} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
          </div>
          <button type="submit" disabled={busy}>
            Resolve
          </button>
        </form>
      )}
      <Problem text={error} />
    </li>
  );
}

export function ReportsTab() {
  const [status, setStatus] = useState<'open' | 'resolved'>('open');
  const { data, error, reload } = useLoad(() => adminApi.reports(status), [status]);
  return (
    <div>
      <div class="admin-actions" role="group" aria-label="Which reports">
        <button type="button" aria-pressed={status === 'open'} onClick={() => setStatus('open')}>
          Open
        </button>
        <button type="button" aria-pressed={status === 'resolved'} onClick={() => setStatus('resolved')}>
          Resolved
        </button>
      </div>
      <Problem text={error} />
      {data && data.reports.length === 0 && <p class="muted">No {status} reports.</p>}
      <ul class="item-list">
        {data?.reports.map((r) => <ReportItem key={r.id} report={r} onResolved={() => void reload()} />)}
      </ul>
    </div>
  );
}
