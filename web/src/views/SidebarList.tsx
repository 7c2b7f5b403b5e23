// The two panes of the sections that list things rather than conversations (documents, custom
// channels): a sidebar with a title, one action, status lines and a list of links, and the main
// pane. At phone width only one pane shows, as in ChatLayout.
import type { ComponentChildren } from 'preact';
import { ListHead } from '../messaging/Layout';
import { linkClick } from '../router';

export interface SidebarEntry {
  id: number;
  path: string;
  content: ComponentChildren;
}

export interface SidebarListProps {
  /** The section's name: the sidebar's title and accessible name. */
  title: string;
  /** Beside the title: a "New …" button or a management link. */
  action: ComponentChildren;
  /** The id whose link is marked current and whose pane is shown (null: none). */
  selected: number | null;
  /** Error, loading or empty notices shown above the list. */
  status: ComponentChildren;
  /** null while not loaded: no list is rendered. */
  entries: SidebarEntry[] | null;
  /** Extra class of the list and of each link (e.g. "doc-list" / "doc-link"). */
  listClass?: string;
  linkClass?: string;
  listTestid: string;
  linkTestid: string;
  /** The data attribute each link carries its id in, for tests (e.g. "data-doc-id"). */
  idAttribute: `data-${string}`;
  /** The main pane. */
  children: ComponentChildren;
}

const joined = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(' ');

export function SidebarList(props: SidebarListProps) {
  const { selected, entries } = props;
  return (
    <div class={selected !== null ? 'chat-layout has-selection' : 'chat-layout'}>
      <aside class="chat-list" aria-label={props.title}>
        <ListHead title={props.title}>{props.action}</ListHead>
        {props.status}
        {entries && (
          <ul class={joined('chat-links', props.listClass)} data-testid={props.listTestid}>
            {entries.map((e) => {
              const active = e.id === selected;
              return (
                <li key={e.id}>
                  <a
                    href={e.path}
                    class={joined('chat-link', props.linkClass, active && 'active')}
                    aria-current={active ? 'page' : undefined}
                    data-testid={props.linkTestid}
                    {...{ [props.idAttribute]: e.id }}
                    onClick={(ev) => linkClick(ev, e.path)}
                  >
                    {e.content}
                  </a>
                </li>
              );
            })}
          </ul>
        )}
      </aside>
      <div class="chat-pane">{props.children}</div>
    </div>
  );
}
