// Message search (GET /api/search?q=) over everything the user can see. Results are plain
// text with a link to their conversation.
import { useState } from 'preact/hooks';
import { errorMessage, request } from '../api';
import { formatTime } from '../format';
import { linkClick } from '../router';
import { currentUser } from '../state';
import { msgApi } from './client';
import { Modal } from './Modal';

interface SearchHit {
  type: 'public' | 'dm' | 'gdm';
  id: number;
  username: string;
  text: string;
  created_at: string;
  channel_id?: number;
  thread_id?: number;
  from_user?: string;
  to_user?: string;
}

interface Place {
  label: string;
  path: string;
}

export function SearchBox() {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [hits, setHits] = useState<{ hit: SearchHit; place: Place }[] | null>(null);

  async function search(e: Event) {
    e.preventDefault();
    const query = q.trim();
    if (!query) return;
    setOpen(true);
    setBusy(true);
    setError(null);
    setHits(null);
    try {
      const [r, channels, threads] = await Promise.all([
        request<{ ok: true; results: SearchHit[] }>('GET', `/api/search?q=${encodeURIComponent(query)}&limit=50`),
        msgApi.channels().then((c) => c.channels).catch(() => []),
        msgApi.threads().catch(() => []),
      ]);
      const me = currentUser.value?.username.toLowerCase() ?? '';
      setHits(
        r.results.map((hit) => {
          let place: Place;
          if (hit.type === 'public') {
            const ch = channels.find((c) => c.id === Number(hit.channel_id));
            place = ch ? { label: `# ${ch.name}`, path: `/channels/${encodeURIComponent(ch.name)}` } : { label: 'A channel', path: '/channels' };
          } else if (hit.type === 'dm') {
            const peer = (hit.from_user ?? '').toLowerCase() === me ? hit.to_user ?? '' : hit.from_user ?? '';
            place = { label: `Direct message with ${peer}`, path: `/dm/${encodeURIComponent(peer)}` };
          } else {
            const t = Array.isArray(threads) ? threads.find((x) => x.id === Number(hit.thread_id)) : undefined;
            place = { label: t ? t.name : 'A group', path: `/groups/${Number(hit.thread_id)}` };
          }
          return { hit, place };
        }),
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <form class="search-form" role="search" onSubmit={search}>
        <label for="message-search" class="visually-hidden">
          Search messages
        </label>
        <input
          id="message-search"
          type="search"
          value={q}
          maxLength={200}
          placeholder="Search messages"
          onInput={(e) => setQ((e.target as HTMLInputElement).value)}
        />
      </form>
      {open && (
        <Modal title={`Search: ${q.trim()}`} onClose={() => setOpen(false)} testid="search-dialog">
          {busy && <p class="muted" role="status">Searching…</p>}
          {error && (
            <p class="error-box" role="alert">
              {error}
            </p>
          )}
          {hits && hits.length === 0 && <p class="muted">No messages found.</p>}
          {hits && hits.length > 0 && (
            <ul class="search-results" data-testid="search-results">
              {hits.map(({ hit, place }) => (
                <li key={`${hit.type}:${hit.id}`}>
                  <a
                    href={place.path}
                    onClick={(e) => {
                      setOpen(false);
                      linkClick(e, place.path);
                    }}
                  >
                    {place.label}
                  </a>
                  <div class="item-meta">
                    <span>{hit.username}</span>
                    <span>{formatTime(hit.created_at)}</span>
                  </div>
                  <p class="search-text">{hit.text}</p>
                </li>
              ))}
            </ul>
          )}
        </Modal>
      )}
    </>
  );
}
