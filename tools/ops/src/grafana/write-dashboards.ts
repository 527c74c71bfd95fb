// Writes grafana/dashboards/*.json from the dashboard definitions in this folder:
//   npm run dashboards -w @tps/ops
// A unit test fails when the committed JSON and the definitions differ (as data, not bytes).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../repo";
import { DASHBOARD_FILES, renderDashboardFile } from "./dashboards";

for (const [file, dashboard] of Object.entries(DASHBOARD_FILES)) {
  const path = join(REPO_ROOT, "grafana/dashboards", file);
  writeFileSync(path, renderDashboardFile(dashboard));
  console.log(`wrote ${path}`);
}
