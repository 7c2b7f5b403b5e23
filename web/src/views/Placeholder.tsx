import type { ComponentChildren } from 'preact';

interface PlaceholderProps {
  title: string;
  /** What this section will do, one or two sentences. */
  summary: string;
  children?: ComponentChildren;
}

/** The main panel of a section that a later issue fills in. */
export function Placeholder({ title, summary, children }: PlaceholderProps) {
  return (
    <section class="panel" aria-labelledby="panel-title">
      <header class="panel-header">
        <h1 id="panel-title">{title}</h1>
      </header>
      <div class="panel-body">
        <div class="empty-state">
          <p class="empty-title">Coming soon</p>
          <p class="muted">{summary}</p>
          {children}
        </div>
      </div>
    </section>
  );
}
