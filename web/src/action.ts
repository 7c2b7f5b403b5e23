// Running one user action at a time with its outcome: a busy flag, the server's error sentence on
// failure, a success note on success. Shared by the settings panels, the admin console and the
// report form.
import { useState } from 'preact/hooks';
import { errorMessage } from './api';

/** The note shown after a success: fixed, or made from what the action returned. */
export type SuccessNote<T> = string | null | ((result: T) => string | null);

export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  /** Runs `action` unless one is running; resolves true on success (false if refused or busy). */
  async function run<T>(action: () => Promise<T>, success: SuccessNote<T> = null): Promise<boolean> {
    if (busy) return false;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await action();
      setDone(typeof success === 'function' ? success(result) : success);
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  }

  /** Shows a problem found before asking the server (e.g. an empty field). */
  function fail(message: string) {
    setDone(null);
    setError(message);
  }

  /** Hides the last outcome (e.g. when the user starts over). */
  function clear() {
    setDone(null);
    setError(null);
  }

  return { busy, error, done, run, fail, clear };
}
