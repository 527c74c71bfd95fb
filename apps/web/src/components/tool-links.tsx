export interface ToolLink {
  label: string;
  href: string;
}

/** Links to the operations tools (Grafana, RabbitMQ management), each in a new tab. */
export function ToolLinks({ links }: { links: readonly ToolLink[] }) {
  if (links.length === 0) return null;
  return (
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
  );
}
