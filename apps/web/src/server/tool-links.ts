import type { ToolLink } from "@/components/tool-links";
import { env } from "./env";

/** The operations tools the console header links to: only those configured (GRAFANA_URL, …). */
export function toolLinks(
  config: { GRAFANA_URL?: string; RABBITMQ_MANAGEMENT_URL?: string } = env,
): ToolLink[] {
  const links: ToolLink[] = [];
  if (config.GRAFANA_URL) links.push({ label: "Grafana", href: config.GRAFANA_URL });
  if (config.RABBITMQ_MANAGEMENT_URL) links.push({ label: "RabbitMQ", href: config.RABBITMQ_MANAGEMENT_URL });
  return links;
}
