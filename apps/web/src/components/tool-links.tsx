export interface ToolLink {
  label: string;
  href: string;
}

/**
 * Links to the operations tools (Grafana, RabbitMQ management), each opening in a new tab, behind a
 * small "Ops" disclosure: the admin header has no room for them inline at 1280 px.
 */
export function ToolLinks({ links }: { links: readonly ToolLink[] }) {
  if (links.length === 0) return null;
  return (
    <details className="tool-menu" data-testid="tool-menu">
      <summary title="Operations tools: Grafana, RabbitMQ management">Ops</summary>
      <ul className="tool-links" aria-label="Operations tools">
        {links.map(({ label, href }) => (
          <li key={label}>
            <a
              href={href}
              target="_blank"
              rel="noopener noreferrer"
              data-testid={`tool-link-${label.toLowerCase()}`}
            >
              {label}
              <span className="visually-hidden"> (opens in a new tab)</span>
              <span aria-hidden="true"> ↗</span>
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
