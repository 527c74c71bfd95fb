"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { describeLiveState, shortLiveState } from "@/lib/live-mode";
import "./app-header.css";
import { useCan } from "./current-user";
import { useLiveState } from "./live-updates";
import { type ToolLink, ToolLinks } from "./tool-links";
import { UserMenu } from "./user-menu";

const LINKS = [
  { href: "/", label: "Dashboard", active: (path: string) => path === "/" },
  { href: "/tasks", label: "Tasks", active: (path: string) => path.startsWith("/tasks") },
  { href: "/task-types", label: "Task types", active: (path: string) => path.startsWith("/task-types") },
  { href: "/schedules", label: "Schedules", active: (path: string) => path.startsWith("/schedules") },
  {
    href: "/dead-letters",
    label: "Dead letters",
    active: (path: string) => path.startsWith("/dead-letters"),
  },
  { href: "/api-docs", label: "API", active: (path: string) => path.startsWith("/api-docs") },
];
const ADMIN_LINKS = [
  { href: "/admin/users", label: "Users", active: (path: string) => path.startsWith("/admin/users") },
  {
    href: "/admin/api-keys",
    label: "API keys",
    active: (path: string) => path.startsWith("/admin/api-keys"),
  },
  { href: "/audit", label: "Audit", active: (path: string) => path.startsWith("/audit") },
];

/**
 * Site header: name, the pages (admin pages for admins), links to Grafana and RabbitMQ when
 * configured, how live the data is, and who is signed in.
 */
export function AppHeader({ tools = [] }: { tools?: readonly ToolLink[] }) {
  const pathname = usePathname();
  const live = useLiveState();
  const links = useCan("admin") ? [...LINKS, ...ADMIN_LINKS] : LINKS;
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <span className="app-name">Task console</span>
      <nav aria-label="Main">
        <ul>
          {links.map(({ href, label, active }) => (
            <li key={href}>
              {/* No prefetch: console pages render per user (session check), so a prefetch is a
                  server render of each linked page on every page load. */}
              <Link href={href} prefetch={false} aria-current={active(pathname) ? "page" : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <ToolLinks links={tools} />
      <output
        className={`live-state live-${live}`}
        data-testid="live-state"
        data-state={live}
        title={describeLiveState(live)}
      >
        <span className="live-dot" aria-hidden="true" />
        <span aria-hidden="true">{shortLiveState(live)}</span>
        <span className="visually-hidden">{describeLiveState(live)}</span>
      </output>
      <UserMenu />
    </header>
  );
}
