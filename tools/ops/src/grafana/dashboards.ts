import { buildDashboard } from "./dashboard-model";
import { tasksDashboard } from "./tasks-dashboard";

/** Every provisioned dashboard: file name under grafana/dashboards → its JSON. */
export const DASHBOARD_FILES: Record<string, ReturnType<typeof buildDashboard>> = {
  "tasks-overview.json": buildDashboard(tasksDashboard),
};

/** The text written to disk (Biome formats JSON the same way: `npx biome check --write grafana`). */
export const renderDashboardFile = (dashboard: unknown) => `${JSON.stringify(dashboard, null, 2)}\n`;
