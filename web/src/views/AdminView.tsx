// The admin console (issue #6): tabs for the overview, users, address bans, settings, alerts,
// reports and the audit log. Plain users see a refusal; the server refuses them too.
import { useState } from 'preact/hooks';
import { isAdmin } from '../state';
import { AlertsTab } from './admin/AlertsTab';
import { AuditTab } from './admin/AuditTab';
import { BansTab } from './admin/BansTab';
import { OverviewTab } from './admin/OverviewTab';
import { ReportsTab } from './admin/ReportsTab';
import { SettingsTab } from './admin/SettingsTab';
import { UsersTab } from './admin/UsersTab';
import './admin/admin.css';

const TABS = [
  ['overview', 'Overview', OverviewTab],
  ['users', 'Users', UsersTab],
  ['bans', 'Address bans', BansTab],
  ['settings', 'Settings', SettingsTab],
  ['alerts', 'Alerts', AlertsTab],
  ['reports', 'Reports', ReportsTab],
  ['audit', 'Audit log', AuditTab],
] as const;

type TabId = (typeof TABS)[number][0];

export function AdminView() {
  const [tab, setTab] = useState<TabId>('overview');
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
  const current = TABS.find(([id]) => id === tab)!;
  const Body = current[2];
  return (
    <section class="panel" aria-labelledby="panel-title">
      <header class="panel-header">
        <h1 id="panel-title">Administration</h1>
      </header>
      <div class="admin-tabs" role="tablist" aria-label="Administration sections">
        {TABS.map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`admin-tab-${id}`}
            aria-selected={tab === id}
            aria-controls="admin-tab-panel"
            data-testid={`admin-tab-${id}`}
            onClick={() => setTab(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <div class="panel-body" role="tabpanel" id="admin-tab-panel" aria-labelledby={`admin-tab-${tab}`}>
        <Body />
      </div>
    </section>
  );
}
