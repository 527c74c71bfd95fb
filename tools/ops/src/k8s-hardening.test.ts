import { describe, expect, it } from "vitest";
import { runtimePaths } from "./dockerfile";
import { type Container, find, K8S_DIR, type K8sObject, readManifests } from "./k8s-manifests";
import { readRepoFile } from "./repo";

const objects = readManifests();
const workloads = objects.filter((o) => o.spec?.template?.spec?.containers);
const podSpec = (name: string) => workloads.find((o) => o.metadata.name === name)!.spec.template.spec;
const labelsOf = (name: string) =>
  workloads.find((o) => o.metadata.name === name)!.spec.template.metadata.labels;
const APPS = ["tps-web", "tps-api", "tps-consumer", "tps-migrate"];
/** The node image's `node` user, which the Dockerfile's runtime stage runs as. */
const NODE_UID = 1000;

interface Mount {
  name: string;
  mountPath: string;
}
interface PolicyPeer {
  namespaceSelector?: { matchLabels?: Record<string, string> };
  podSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string };
}
interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: { port: number | string; protocol?: string }[];
}

const policies = objects.filter((o) => o.kind === "NetworkPolicy");
/** Whether a policy's podSelector picks pods with these labels (matchLabels only; {} picks all). */
const selects = (policy: K8sObject, labels: Record<string, string>) =>
  Object.entries(policy.spec.podSelector?.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
const rulesFor = (labels: Record<string, string>, kind: "ingress" | "egress"): PolicyRule[] =>
  policies.filter((p) => selects(p, labels)).flatMap((p) => p.spec[kind] ?? []);
const portsOf = (rules: PolicyRule[]) => rules.flatMap((r) => (r.ports ?? []).map((p) => p.port)).sort();

describe(`Kubernetes hardening (${K8S_DIR})`, () => {
  it("enforces the restricted Pod Security Standard on the namespace", () => {
    const labels = find(objects, "Namespace", "tps").metadata.labels ?? {};
    expect(labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("runs every pod as the image's non-root user, with the runtime's default seccomp profile and no API token", () => {
    expect(readRepoFile("Dockerfile")).toMatch(/^USER node$/m);
    for (const o of workloads) {
      const spec = o.spec.template.spec;
      expect(spec.automountServiceAccountToken, o.metadata.name).toBe(false);
      expect(spec.securityContext, o.metadata.name).toMatchObject({
        runAsNonRoot: true,
        runAsUser: NODE_UID,
        runAsGroup: NODE_UID,
        seccompProfile: { type: "RuntimeDefault" },
      });
    }
  });

  it("drops every capability, forbids privilege escalation and mounts the root filesystem read-only", () => {
    for (const o of workloads) {
      for (const c of o.spec.template.spec.containers as Container[]) {
        expect((c as { securityContext?: unknown }).securityContext, `${o.metadata.name} ${c.name}`).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
      }
    }
  });

  it("gives each app a writable emptyDir where it writes: /tmp, Next's cache, the migration's npm home", () => {
    const mounts = (name: string) => {
      const spec = podSpec(name);
      const emptyDirs = new Set(
        (spec.volumes as { name: string; emptyDir?: object }[]).filter((v) => v.emptyDir).map((v) => v.name),
      );
      const all = (spec.containers[0].volumeMounts ?? []) as Mount[];
      for (const m of all) expect(emptyDirs.has(m.name), `${name}: ${m.name} is an emptyDir`).toBe(true);
      return all.map((m) => m.mountPath).sort();
    };
    // Next's cache sits beside the static files the runtime stage copies (WORKDIR /app).
    const statics = runtimePaths().find((p) => p.endsWith("/.next/static"));
    expect(mounts("tps-web")).toEqual([`/app/${statics!.replace(/static$/, "cache")}`, "/tmp"]);
    expect(mounts("tps-api")).toEqual(["/tmp"]);
    expect(mounts("tps-consumer")).toEqual(["/tmp"]);
    // `npx prisma migrate deploy` writes npm's logs and cache under the node user's home.
    expect(mounts("tps-migrate")).toEqual(["/home/node", "/tmp"]);
  });

  it("denies all traffic in the namespace unless a policy lets it through", () => {
    const deny = policies.find((p) => Object.keys(p.spec.podSelector ?? {}).length === 0 && !p.spec.ingress);
    expect(deny, "a default-deny NetworkPolicy").toBeDefined();
    expect([...deny!.spec.policyTypes].sort()).toEqual(["Egress", "Ingress"]);
    expect(deny!.spec.egress).toBeUndefined();
  });

  it("lets in the ingress controller and Prometheus, and in-cluster callers of the API, on the ports served", () => {
    const port = (name: string) => podSpec(name).containers[0].ports[0].containerPort;
    const web = rulesFor(labelsOf("tps-web"), "ingress");
    expect(portsOf(web)).toEqual([port("tps-web"), port("tps-web")]);
    const sources = web.flatMap((r) => r.from ?? []);
    expect(sources.length, "every rule names its sources").toBe(web.length);
    const namespaces = sources.map((s) => s.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"]);
    expect(namespaces.sort()).toEqual(["ingress-nginx", "monitoring"]);
    // The API server: services in the cluster call its Service directly (docs/architecture.md).
    const api = rulesFor(labelsOf("tps-api"), "ingress");
    expect(api).toEqual([{ from: [{ namespaceSelector: {} }], ports: [{ port: port("tps-api") }] }]);
    // The consumer serves no traffic: Prometheus on its metrics port, nothing else.
    const consumer = rulesFor(labelsOf("tps-consumer"), "ingress");
    expect(portsOf(consumer)).toEqual([port("tps-consumer")]);
    expect(consumer[0]!.from![0]!.podSelector?.matchLabels).toEqual({
      "app.kubernetes.io/name": "prometheus",
    });
    expect(rulesFor(labelsOf("tps-migrate"), "ingress")).toEqual([]);
  });

  it("lets the apps out to DNS, PostgreSQL, RabbitMQ and Redis only; the migration to PostgreSQL only", () => {
    const expected: Record<string, number[]> = {
      "tps-web": [5432, 5672, 6379],
      "tps-api": [5432, 5672, 6379],
      "tps-consumer": [5432, 5672, 6379],
      "tps-migrate": [5432],
    };
    for (const name of APPS) {
      const rules = rulesFor(labelsOf(name), "egress");
      const dns = rules.filter((r) => r.ports?.some((p) => p.port === 53));
      expect(dns.length, `${name}: DNS`).toBe(1);
      expect(dns[0]!.to?.[0]?.namespaceSelector?.matchLabels).toEqual({
        "kubernetes.io/metadata.name": "kube-system",
      });
      const data = rules.filter((r) => !dns.includes(r));
      expect(portsOf(data), name).toEqual(expected[name]);
    }
  });

  it("migrates as the database owner and runs the apps as the role that owns nothing (tps_app)", () => {
    const migrate = podSpec("tps-migrate").containers[0] as Container;
    expect(migrate.envFrom, "the migration reads no app Secret").toBeUndefined();
    expect(migrate.env).toEqual([
      {
        name: "DATABASE_URL",
        valueFrom: { secretKeyRef: { name: "tps-migrate-secrets", key: "DATABASE_URL" } },
      },
    ]);
    for (const name of ["tps-web", "tps-api", "tps-consumer"]) {
      const c = podSpec(name).containers[0] as Container;
      expect(c.envFrom?.map((s) => s.secretRef?.name).filter(Boolean), name).toEqual(["tps-secrets"]);
      expect(
        c.env?.some((e) => e.valueFrom?.secretKeyRef?.name === "tps-migrate-secrets"),
        name,
      ).toBe(false);
    }
    const config = readRepoFile(`${K8S_DIR}/config.yaml`);
    expect(config).toMatch(/DATABASE_URL=postgresql:\/\/tps_app:/);
    expect(config).toContain("tps-migrate-secrets");
    expect(readRepoFile("ops/postgres/init-app-role.sh")).toContain("CREATE ROLE tps_app LOGIN");
  });

  it("requires METRICS_TOKEN for the apps' metrics, from a Secret, and has Prometheus send it", () => {
    for (const name of ["tps-web", "tps-api", "tps-consumer"]) {
      const c = podSpec(name).containers[0] as Container;
      const token = c.env?.find((e) => e.name === "METRICS_TOKEN");
      expect(token?.valueFrom?.secretKeyRef, name).toEqual({ name: "tps-metrics", key: "METRICS_TOKEN" });
      // Annotation-based discovery cannot send a token: only the PodMonitors below scrape.
      const annotations = workloads.find((o) => o.metadata.name === name)!.spec.template.metadata.annotations;
      expect(annotations?.["prometheus.io/scrape"], name).toBeUndefined();
    }
    const jobs: Record<string, [string, string, string]> = {
      web: ["tps-web", "http", "/api/metrics"],
      api: ["tps-api", "http", "/api/metrics"],
      consumer: ["tps-consumer", "metrics", "/metrics"],
    };
    for (const [job, [app, port, path]] of Object.entries(jobs)) {
      const monitor = find(objects, "PodMonitor", app);
      expect(monitor.apiVersion).toBe("monitoring.coreos.com/v1");
      expect(monitor.spec.selector.matchLabels).toEqual(labelsOf(app));
      expect(monitor.spec.podMetricsEndpoints).toEqual([
        expect.objectContaining({
          port,
          path,
          authorization: { type: "Bearer", credentials: { name: "tps-metrics", key: "METRICS_TOKEN" } },
          // The alert rules and dashboards select by job (ops/prometheus/alerts.yml).
          relabelings: [{ targetLabel: "job", replacement: job }],
        }),
      ]);
    }
  });

  it("routes no request for /api/metrics to a pod", () => {
    const paths = find(objects, "Ingress", "tps-web").spec.rules[0].http.paths as {
      path: string;
      backend: { service: { name: string } };
    }[];
    const route = (request: string) =>
      paths
        .filter(({ path }) => path === "/" || request === path || request.startsWith(`${path}/`))
        .sort((a, b) => b.path.length - a.path.length)[0]!.backend.service.name;
    for (const request of ["/api/metrics", "/api/metrics/", "/api/metrics/x"]) {
      const service = find(objects, "Service", route(request));
      // A Service without a selector and without endpoints: the controller answers 503 itself.
      expect(service.spec.selector, request).toBeUndefined();
      expect(objects.some((o) => /^Endpoint/.test(o.kind) && o.metadata.name === service.metadata.name)).toBe(
        false,
      );
    }
    expect(route("/api/metricsx")).toBe("tps-web");
  });

  it("never turns on the consumer's test hooks", () => {
    for (const o of workloads) {
      for (const c of o.spec.template.spec.containers as Container[]) {
        expect(c.env?.map((e) => e.name) ?? [], o.metadata.name).not.toContain("TASK_TEST_HOOKS");
      }
    }
    for (const cm of objects.filter((o) => o.kind === "ConfigMap"))
      expect(Object.keys(cm.data ?? {})).not.toContain("TASK_TEST_HOOKS");
  });
});
