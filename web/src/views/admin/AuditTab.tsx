// The audit log: every admin action, newest first; "Older entries" pages backwards by id.
import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api';
import { formatTime } from '../../format';
import { adminApi, type AuditEntry } from './api';
import { Problem } from './common';

const PAGE = 50;

function detailText(detail: unknown): string {
  if (!detail || typeof detail !== 'object') return '';
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

export function AuditTab() {
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function load(before: number | null) {
    try {
      const page = await adminApi.audit(before, PAGE);
      setEntries((prev) => (before === null ? page.entries : [...prev, ...page.entries]));
      setMore(page.entries.length === PAGE);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  useEffect(() => {
    void load(null);
  }, []);

  return (
    <div>
      <Problem text={error} />
      <button type="button" onClick={() => void load(null)}>
        Refresh
      </button>
      <table class="admin-table" data-testid="audit-log">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-entry">
              <td>{formatTime(e.created_at)}</td>
              <td>{e.actor}</td>
              <td>{e.action}</td>
              <td>{e.target}</td>
              <td>{detailText(e.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && !error && <p class="muted">No admin actions yet.</p>}
      {more && (
        <button type="button" onClick={() => void load(entries[entries.length - 1].id)}>
          Older entries
        </button>
      )}
    </div>
  );
}
