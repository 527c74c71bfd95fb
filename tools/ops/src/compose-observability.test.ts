import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { services } from "./compose-services";
import { repoPath } from "./repo";

// Metrics, traces and dashboards: RabbitMQ's Prometheus plugin, Jaeger and Grafana.
describe("docker-compose.yml: observability", () => {
  it("mounts the RabbitMQ config after the image defaults and enables the Prometheus plugin", () => {
    const volumes = services.rabbitmq!.volumes!;
    expect(volumes).toContain("./ops/rabbitmq/rabbitmq.conf:/etc/rabbitmq/conf.d/20-tps.conf:ro");
    expect(volumes).toContain("./ops/rabbitmq/enabled_plugins:/etc/rabbitmq/enabled_plugins:ro");
  });

  it("sends the apps' traces to Jaeger over OTLP, and keeps its UI on the loopback address", () => {
    const jaeger = services.jaeger!;
    for (const name of ["web", "api", "consumer"]) {
      const endpoint = new URL(services[name]!.environment!.OTEL_EXPORTER_OTLP_ENDPOINT!);
      expect(endpoint.host, name).toBe("jaeger:4318");
    }
    expect(jaeger.expose).toContain("4318");
    expect(jaeger.ports).toEqual(["127.0.0.1:16686:16686"]);
    expect(services.prometheus!.command).toContain("--enable-feature=exemplar-storage");
  });

  it("opens Grafana on a provisioned dashboard without a login", () => {
    const grafana = services.grafana!;
    const env = grafana.environment!;
    expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe("true");
    const mount = grafana.volumes!.find((v) => v.startsWith("./grafana/dashboards:"))!;
    const target = mount.split(":")[1]!;
    const home = env.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!;
    expect(home.startsWith(`${target}/`)).toBe(true);
    expect(existsSync(repoPath("grafana/dashboards", home.slice(target.length + 1)))).toBe(true);
    expect(grafana.volumes).toContain("./grafana/provisioning:/etc/grafana/provisioning:ro");
  });
});
