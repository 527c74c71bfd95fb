"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { describeLiveState } from "@/lib/live-mode";
import "./app-header.css";
import { useLiveState } from "./live-updates";

const LINKS = [
  { href: "/", label: "Dashboard", active: (path: string) => path === "/" },
  { href: "/tasks", label: "Tasks", active: (path: string) => path.startsWith("/tasks") },
  { href: "/api-docs", label: "API", active: (path: string) => path.startsWith("/api-docs") },
];

/** Site header: name, the two pages, and how live the data is. */
export function AppHeader() {
  const pathname = usePathname();
  const live = useLiveState();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <span className="app-name">Task console</span>
      <nav aria-label="Main">
        <ul>
          {LINKS.map(({ href, label, active }) => (
            <li key={href}>
              <Link href={href} aria-current={active(pathname) ? "page" : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <output className={`live-state live-${live}`} data-testid="live-state" data-state={live}>
        <span className="live-dot" aria-hidden="true" />
        {describeLiveState(live)}
      </output>
    </header>
  );
}
