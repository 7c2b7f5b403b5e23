// Small pieces every admin tab shares: loading with an error sentence, running an action with a
// busy flag, and the error box.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../../api';

/** Loads `fetcher` on mount and on `reload()`; the error is the server's sentence. */
export function useLoad<T>(fetcher: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setData(await fetcher());
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, deps);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}

/** Runs one action at a time; `error` holds the last failure, `done` the last success note. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run(action: () => Promise<unknown>, success: string | null = null): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await action();
      setDone(success);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, done, run };
}

export function Problem({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p class="error-box" role="alert">
      {text}
    </p>
  );
}

export function Done({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p class="success-box" role="status">
      {text}
    </p>
  );
}
