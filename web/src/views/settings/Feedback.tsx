// The outcome line of a settings form: the server's error sentence (an alert) or what was done.
export function Feedback({ error, done }: { error: string | null; done?: string | null }) {
  return (
    <>
      {error && (
        <p class="error-box" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p class="success-box" role="status">
          {done}
        </p>
      )}
    </>
  );
}
