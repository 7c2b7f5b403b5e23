import { linkClick } from '../router';

export function NotFoundView({ path }: { path: string }) {
  return (
    <section class="panel" aria-labelledby="panel-title">
      <header class="panel-header">
        <h1 id="panel-title">Page not found</h1>
      </header>
      <div class="panel-body">
        <p>
          There is nothing at <code>{path}</code>.{' '}
          <a href="/channels" onClick={(e) => linkClick(e, '/channels')}>
            Go to Channels
          </a>
          .
        </p>
      </div>
    </section>
  );
}
