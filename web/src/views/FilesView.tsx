// The file manager (tmpweb): upload with progress (button or drag and drop), expiry choice,
// import from a URL, and the list of the user's files with a live expiry countdown, copy link
// and delete.
import { useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../api';
import { formatTime } from '../format';
import { DEFAULT_EXPIRY, EXPIRY_CHOICES, filesApi, formatRemaining, formatSize, uploadFile, type FileInfo } from '../files/api';

interface Upload {
  key: number;
  name: string;
  progress: number;
  error: string | null;
  abort: () => void;
}

let nextUploadKey = 1;

function useNow(intervalMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

function FileRow({ file, now, onDelete }: { file: FileInfo; now: number; onDelete: (f: FileInfo) => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [copied, setCopied] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const remaining = Date.parse(file.expires_at) - now;

  async function copy() {
    setError(null);
    try {
      await navigator.clipboard.writeText(new URL(file.url, window.location.origin).href);
      setCopied(true);
      window.setTimeout(() => setCopied(false), 2000);
    } catch {
      setError('Could not copy: your browser refused access to the clipboard.');
    }
  }

  return (
    <li class="item file-item" data-testid="file-item" data-file-id={file.id}>
      <div class="item-main">
        <a class="item-title" href={file.url} target="_blank" rel="noopener noreferrer" data-testid="file-link">
          {file.name}
        </a>
        <div class="item-meta">
          <span>{formatSize(file.size)}</span>
          <span>{file.mime_type}</span>
          {file.created_at && <span>uploaded {formatTime(file.created_at)}</span>}
          <span data-testid="file-expiry" title={formatTime(file.expires_at)}>
            {remaining > 0 ? `expires in ${formatRemaining(remaining)}` : 'expired'}
          </span>
        </div>
        {error && (
          <p class="msg-error" role="alert">
            {error}
          </p>
        )}
      </div>
      <div class="file-actions">
        <button type="button" class="small" onClick={() => void copy()} data-testid="file-copy">
          {copied ? 'Copied' : 'Copy link'}
        </button>
        {confirming ? (
          <>
            <button
              type="button"
              class="small danger"
              data-testid="file-delete-confirm"
              onClick={() => {
                setError(null);
                onDelete(file).catch((err) => {
                  setError(errorMessage(err));
                  setConfirming(false);
                });
              }}
            >
              Delete
            </button>
            <button type="button" class="small" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" class="small" onClick={() => setConfirming(true)} data-testid="file-delete">
            Delete…
          </button>
        )}
      </div>
    </li>
  );
}

export function FilesView() {
  const [files, setFiles] = useState<FileInfo[] | null>(null);
  const [listError, setListError] = useState<string | null>(null);
  const [expiresIn, setExpiresIn] = useState(DEFAULT_EXPIRY);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const [importUrl, setImportUrl] = useState('');
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const now = useNow(1000);

  async function refresh() {
    try {
      setFiles((await filesApi.list()).files);
      setListError(null);
    } catch (err) {
      setListError(errorMessage(err));
    }
  }

  useEffect(() => {
    void refresh();
  }, []);

  function patch(key: number, change: Partial<Upload>) {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }

  function start(list: FileList | File[]) {
    for (const file of Array.from(list)) {
      const key = nextUploadKey++;
      const handle = uploadFile(file, file.name, expiresIn, (progress) => patch(key, { progress }));
      setUploads((old) => [...old, { key, name: file.name, progress: 0, error: null, abort: handle.abort }]);
      handle.promise.then(
        (uploaded) => {
          setUploads((old) => old.filter((u) => u.key !== key));
          setFiles((old) => [uploaded, ...(old ?? []).filter((f) => f.id !== uploaded.id)]);
        },
        (err) => patch(key, { error: errorMessage(err) }),
      );
    }
  }

  async function remove(file: FileInfo) {
    await filesApi.remove(file.id);
    setFiles((old) => (old ?? []).filter((f) => f.id !== file.id));
  }

  async function doImport(e: Event) {
    e.preventDefault();
    if (!importUrl.trim() || importing) return;
    setImporting(true);
    setImportError(null);
    try {
      const file = await filesApi.importUrl(importUrl.trim(), expiresIn);
      setFiles((old) => [file, ...(old ?? [])]);
      setImportUrl('');
    } catch (err) {
      setImportError(errorMessage(err));
    } finally {
      setImporting(false);
    }
  }

  const live = (files ?? []).filter((f) => Date.parse(f.expires_at) > now);

  return (
    <div class="panel files-view">
      <header class="panel-header">
        <h1>Files</h1>
        <p class="muted">Temporary file hosting: anyone with a link can download the file until it expires.</p>
      </header>

      <section
        class={dragging ? 'card drop-zone dragging' : 'card drop-zone'}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer?.files.length) start(e.dataTransfer.files);
        }}
      >
        <div class="card-header">
          <h2>Upload</h2>
          <label class="inline-field">
            Keep for{' '}
            <select
              value={String(expiresIn)}
              onChange={(e) => setExpiresIn(Number((e.target as HTMLSelectElement).value))}
              data-testid="file-expiry-choice"
            >
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.seconds} value={String(c.seconds)}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <p class="muted">Drop files here, or</p>
        <input
          ref={inputRef}
          type="file"
          multiple
          class="visually-hidden"
          id="file-upload-input"
          data-testid="file-input"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            if (input.files?.length) start(input.files);
            input.value = '';
          }}
        />
        <button type="button" class="primary" onClick={() => inputRef.current?.click()}>
          Choose files
        </button>
        {uploads.length > 0 && (
          <ul class="upload-list" aria-label="Uploads in progress">
            {uploads.map((u) => (
              <li key={u.key} class="upload-item" data-testid="upload-item">
                <span class="upload-name">{u.name}</span>
                {u.error ? (
                  <>
                    <span class="msg-error" role="alert">
                      {u.error}
                    </span>
                    <button type="button" class="small" onClick={() => setUploads((old) => old.filter((x) => x.key !== u.key))}>
                      Dismiss
                    </button>
                  </>
                ) : (
                  <>
                    <progress max={1} value={u.progress} aria-label={`Uploading ${u.name}`} />
                    <span class="muted">{Math.round(u.progress * 100)}%</span>
                    <button type="button" class="small" onClick={u.abort}>
                      Cancel
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
        <form class="start-form import-form" onSubmit={doImport}>
          <label class="visually-hidden" for="file-import-url">
            Import from URL
          </label>
          <input
            id="file-import-url"
            type="url"
            placeholder="https://example.com/file.pdf"
            value={importUrl}
            onInput={(e) => setImportUrl((e.target as HTMLInputElement).value)}
            data-testid="file-import-url"
          />
          <button type="submit" disabled={importing || !importUrl.trim()}>
            {importing ? 'Importing…' : 'Import from URL'}
          </button>
        </form>
        {importError && (
          <p class="error-box" role="alert">
            {importError}
          </p>
        )}
      </section>

      <section class="card">
        <div class="card-header">
          <h2>Your files</h2>
          <button type="button" class="small" onClick={() => void refresh()}>
            Refresh
          </button>
        </div>
        {listError && (
          <p class="error-box" role="alert">
            {listError}
          </p>
        )}
        {files === null && !listError && <p class="muted">Loading…</p>}
        {files !== null && live.length === 0 && <p class="muted">No files yet.</p>}
        {live.length > 0 && (
          <ul class="item-list" data-testid="file-list">
            {live.map((f) => (
              <FileRow key={f.id} file={f} now={now} onDelete={remove} />
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
