import { isAdmin } from '../state';
import { Placeholder } from './Placeholder';

export function AdminView() {
  if (!isAdmin.value) {
    return (
      <section class="panel" aria-labelledby="panel-title">
        <header class="panel-header">
          <h1 id="panel-title">Administration</h1>
        </header>
        <div class="panel-body">
          <p class="error-box" role="alert">
            This page is only available to administrators.
          </p>
        </div>
      </section>
    );
  }
  return (
    <Placeholder
      title="Administration"
      summary="User management, moderation, server settings and the audit log will appear here."
    />
  );
}
