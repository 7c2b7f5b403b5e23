// The site alerts banner every signed-in user sees above the main panel: loaded from /api/alerts,
// kept current by the `alert` and `alert_removed` events, each dismissible for this page view.
import { useEffect, useState } from 'preact/hooks';
import { socket } from '../../socket';
import { adminApi, type SiteAlert } from './api';
import './admin.css';

export function AlertBanner() {
  const [alerts, setAlerts] = useState<SiteAlert[]>([]);
  const [hidden, setHidden] = useState<number[]>([]);

  useEffect(() => {
    const load = () =>
      adminApi.alerts().then(
        (r) => setAlerts(r.alerts),
        () => undefined,
      );
    const added = (alert: SiteAlert) => setAlerts((prev) => [alert, ...prev.filter((a) => a.id !== alert.id)]);
    const removed = ({ id }: { id: number }) => setAlerts((prev) => prev.filter((a) => a.id !== id));
    void load();
    socket.on('connect', load);
    socket.on('alert', added);
    socket.on('alert_removed', removed);
    // Expired alerts leave without an event: drop them when their time has come.
    const timer = window.setInterval(() => {
      const now = Date.now();
      setAlerts((prev) => prev.filter((a) => !a.expires_at || Date.parse(a.expires_at) > now));
    }, 30_000);
    return () => {
      socket.off('connect', load);
      socket.off('alert', added);
      socket.off('alert_removed', removed);
      window.clearInterval(timer);
    };
  }, []);

  const visible = alerts.filter((a) => !hidden.includes(a.id));
  if (visible.length === 0) return null;
  return (
    <div class="alert-banners" role="region" aria-label="Announcements">
      {visible.map((a) => (
        <div key={a.id} class={`alert-banner level-${a.level}`} role={a.level === 'critical' ? 'alert' : 'status'} data-testid="alert-banner">
          <span class="alert-text">{a.text}</span>
          <button type="button" class="alert-close" aria-label="Dismiss announcement" onClick={() => setHidden([...hidden, a.id])}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
