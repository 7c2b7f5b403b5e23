// Small pieces every admin tab shares: loading with an error sentence and the outcome boxes
// (running an action with a busy flag is useAction in ../../action).
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
