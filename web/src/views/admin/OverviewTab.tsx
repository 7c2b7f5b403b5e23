// Overview: the headline numbers and an SVG bar chart of messages per day (last 14 days).
import { adminApi, type Overview } from './api';
import { Problem, useLoad } from './common';

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function Chart({ days }: { days: Overview['messages_per_day'] }) {
  const width = 560;
  const height = 160;
  const bar = width / Math.max(days.length, 1);
  const max = Math.max(1, ...days.map((d) => d.count));
  return (
    <svg
      class="admin-chart"
      viewBox={`0 0 ${width} ${height + 20}`}
      role="img"
      aria-label="Messages per day over the last 14 days"
      data-testid="admin-chart"
    >
      {days.map((d, i) => {
        const h = Math.round((d.count / max) * height);
        return (
          <g key={d.day}>
            <rect x={i * bar + 3} y={height - h} width={bar - 6} height={h} class="admin-bar">
              <title>{`${d.day}: ${d.count} message${d.count === 1 ? '' : 's'}`}</title>
            </rect>
            <text x={i * bar + bar / 2} y={height + 14} text-anchor="middle" class="admin-chart-label">
              {d.day.slice(8)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export function OverviewTab() {
  const { data, error } = useLoad(() => adminApi.overview());
  return (
    <div>
      <Problem text={error} />
      {!data && !error && <p class="muted">Loading…</p>}
      {data && (
        <>
          <dl class="admin-stats" data-testid="admin-stats">
            <div>
              <dt>Users</dt>
              <dd>{data.users}</dd>
            </div>
            <div>
              <dt>Online</dt>
              <dd>{data.online}</dd>
            </div>
            <div>
              <dt>Messages today</dt>
              <dd>{data.messages_today}</dd>
            </div>
            <div>
              <dt>Files</dt>
              <dd>{data.files}</dd>
            </div>
            <div>
              <dt>Storage</dt>
              <dd>{bytes(data.storage_bytes)}</dd>
            </div>
          </dl>
          <h3>Messages per day</h3>
          <Chart days={data.messages_per_day} />
        </>
      )}
    </div>
  );
}
