import { describe, expect, it } from "vitest";
import { createApiRouter } from "../../../apps/web/src/server/api-router";
import { API_COMMAND, APP_ENV, CONSUMER_COMMAND, CONSUMER_RUNTIME, DEFAULT_IS_RIGHT } from "./app-env";
import { runtimePaths } from "./dockerfile";
import { type Container, envNames, find, K8S_DIR, type K8sObject, readManifests } from "./k8s-manifests";
import { readRepoYaml } from "./repo";
import { expectNodeScriptInImage } from "./testing/image-command";

/** Keys of the Secret `tps-secrets`, which is created outside the repository (see config.yaml). */
const SECRET_KEYS = ["DATABASE_URL", "RABBITMQ_URL", "REDIS_URL"];
const objects = readManifests();
const podSpec = (kind: string, name: string) => find(objects, kind, name).spec.template.spec;
const container = (kind: string, name: string): Container => podSpec(kind, name).containers[0];
const web = () => container("Deployment", "tps-web");
const consumer = () => container("Deployment", "tps-consumer");
const api = () => container("Deployment", "tps-api");
const QUANTITY = /^\d+(\.\d+)?(m|Mi|Gi|Ki)?$/;

interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { name?: string; number?: number } } };
}
const ingressRules = () =>
  find(objects, "Ingress", "tps-web").spec.rules as { host: string; http: { paths: IngressPath[] } }[];

/** The Service a request path reaches: Kubernetes' Prefix matching (whole segments, longest wins). */
function serviceFor(requestPath: string): string {
  const matching = ingressRules()[0]!.http.paths.filter(({ path }) => {
    const prefix = path.replace(/\/$/, "");
    return requestPath === prefix || requestPath.startsWith(`${prefix}/`) || prefix === "";
  });
  const longest = matching.sort((a, b) => b.path.length - a.path.length)[0];
  return longest!.backend.service.name;
}

describe(`Kubernetes manifests (${K8S_DIR})`, () => {
  it("lists every manifest file in the kustomization, and only those", () => {
    const kustomization = readRepoYaml<{ resources: string[] }>(`${K8S_DIR}/kustomization.yaml`);
    expect([...kustomization.resources].sort()).toEqual([...new Set(objects.map((o) => o.file))].sort());
  });

  it("gives every object an apiVersion, a kind and a DNS-safe name", () => {
    for (const o of objects) {
      expect(o.apiVersion, o.file).toMatch(/^([a-z0-9.-]+\/)?v\d+(alpha\d+|beta\d+)?$/);
      expect(o.kind, o.file).toMatch(/^[A-Z][A-Za-z]+$/);
      expect(o.metadata?.name, o.file).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it("selects the pods each Deployment, Service and budget means", () => {
    for (const o of objects.filter((x) => x.kind === "Deployment")) {
      expect(o.spec.selector.matchLabels, o.metadata.name).toEqual(o.spec.template.metadata.labels);
    }
    for (const name of ["tps-web", "tps-api"]) {
      const labels = find(objects, "Deployment", name).spec.template.metadata.labels;
      expect(find(objects, "Service", name).spec.selector, name).toEqual(labels);
      expect(find(objects, "PodDisruptionBudget", name).spec.selector.matchLabels, name).toEqual(labels);
      expect(find(objects, "PodDisruptionBudget", name).spec.minAvailable, name).toBeGreaterThanOrEqual(1);
    }
  });

  it("runs at least two web replicas behind a Service and an Ingress that point at each other", () => {
    const deployment = find(objects, "Deployment", "tps-web");
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const service = find(objects, "Service", "tps-web");
    const servicePort = service.spec.ports[0];
    expect(web().ports!.map((p) => p.name)).toContain(servicePort.targetPort);
    expect(serviceFor("/")).toBe(service.metadata.name);
  });

  it("points every Ingress path at a Service port that reaches a port its pods open", () => {
    expect(ingressRules()).toHaveLength(1);
    for (const { path, pathType, backend } of ingressRules()[0]!.http.paths) {
      expect(pathType, path).toBe("Prefix");
      const service = find(objects, "Service", backend.service.name);
      // tps-unrouted has no pods on purpose (/api/metrics, see k8s-hardening.test.ts).
      if (!service.spec.selector) continue;
      const port = service.spec.ports.find(
        (p: { name: string; port: number }) =>
          p.name === backend.service.port.name || p.port === backend.service.port.number,
      );
      expect(port, `${path}: no such port on ${service.metadata.name}`).toBeDefined();
      const pods = container("Deployment", service.metadata.name);
      expect(pods.ports!.map((p) => p.name)).toContain(port.targetPort);
    }
  });

  it("routes the API to the API server and the console, sign-in and docs to the web, on one host", () => {
    // One host: the console's session cookie and its same-origin check cover both Services.
    const toApi = ["/api/trpc/tasks.list", "/api/trpc/tasks.onChange", "/api/v1", "/api/v1/tasks/42/cancel"];
    const toWeb = ["/", "/tasks/42", "/sign-in", "/api/auth/sign-in/email", "/api/openapi.json", "/api-docs"];
    for (const path of toApi) expect(serviceFor(path), path).toBe("tps-api");
    for (const path of toWeb) expect(serviceFor(path), path).toBe("tps-web");
    expect(serviceFor("/api/v10"), "Prefix matches whole segments").toBe("tps-web");
  });

  it("sends the API server only paths it serves (its router, not a 404)", async () => {
    const answered = async () => new Response("served");
    const router = createApiRouter({ trpc: answered, rest: answered, health: answered, metrics: answered });
    for (const { path, backend } of ingressRules()[0]!.http.paths) {
      if (backend.service.name !== "tps-api") continue;
      for (const sample of [`${path}/tasks.list`, `${path}/tasks`]) {
        const res = await router(new Request(`https://tps.example.com${sample}`));
        expect(res.status, `${sample} on the API server`).toBe(200);
      }
    }
  });

  it("probes readiness and liveness on their own paths (liveness calls no dependency), on ports the containers open", () => {
    const portsOf = (c: Container) => (c.ports ?? []).flatMap((p) => [p.name, p.containerPort]);
    for (const [c, ready, live] of [
      [web(), "/api/health", "/api/health/live"],
      [api(), "/api/health", "/api/health/live"],
      [consumer(), "/health/ready", "/health/live"],
    ] as const) {
      expect(c.readinessProbe?.httpGet?.path, c.name).toBe(ready);
      expect(c.startupProbe?.httpGet?.path, c.name).toBe(ready);
      expect(c.livenessProbe?.httpGet?.path, c.name).toBe(live);
      for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
        const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
        expect(portsOf(c), c.name).toContain(port);
      }
    }
  });

  it("sets CPU and memory requests and limits on every container", () => {
    for (const o of objects.filter((x) => x.spec?.template?.spec?.containers)) {
      for (const c of o.spec.template.spec.containers as Container[]) {
        for (const kind of ["requests", "limits"] as const) {
          expect(c.resources?.[kind]?.cpu, `${o.metadata.name} ${kind}.cpu`).toMatch(QUANTITY);
          expect(c.resources?.[kind]?.memory, `${o.metadata.name} ${kind}.memory`).toMatch(QUANTITY);
        }
      }
    }
  });

  it("runs commands that exist in the one app image, as a non-root user", () => {
    const inImage = runtimePaths();
    for (const o of objects.filter((x) => x.spec?.template?.spec?.containers)) {
      const spec = o.spec.template.spec;
      expect(spec.securityContext?.runAsNonRoot, o.metadata.name).toBe(true);
      for (const c of spec.containers as Container[]) {
        expect(c.image).toBe("tps-app");
        expectNodeScriptInImage(c.command, inImage, o.metadata.name);
      }
    }
  });

  it("keeps serving for a moment after SIGTERM wherever the Ingress sends traffic (web and API)", () => {
    for (const [name, c] of [
      ["tps-web", web()],
      ["tps-api", api()],
    ] as const) {
      const pause = c.lifecycle?.preStop?.exec?.command;
      expect(pause, `${name} has no preStop pause`).toEqual(["sleep", "5"]);
      const grace = find(objects, "Deployment", name).spec.template.spec.terminationGracePeriodSeconds;
      expect(
        grace,
        `${name}: the pause and the server's 10 s drain fit in the grace period`,
      ).toBeGreaterThanOrEqual(20);
    }
  });

  it("runs the consumer with the memory settings every launcher uses (apps/consumer/node-runtime.json)", () => {
    const c = consumer();
    expect(c.command).toEqual(CONSUMER_COMMAND);
    for (const [name, value] of Object.entries(CONSUMER_RUNTIME.env))
      expect(c.env?.find((e) => e.name === name)?.value, name).toBe(value);
  });

  it("runs the API server with the V8 flags every launcher uses (apps/web/api-runtime.json)", () => {
    expect(api().command).toEqual(API_COMMAND);
  });

  it("sets every variable the apps read from config, the secret or the pod, and none they do not", () => {
    const cases: [keyof typeof APP_ENV, Container][] = [
      ["web", web()],
      ["api", api()],
      ["consumer", consumer()],
      ["migrate", container("Job", "tps-migrate")],
    ];
    for (const [app, c] of cases) {
      const defined = envNames(c, objects, SECRET_KEYS);
      const reads: readonly string[] = APP_ENV[app];
      const missing = reads.filter((key) => !defined.includes(key) && !DEFAULT_IS_RIGHT[app].includes(key));
      expect(missing, `${app} does not set`).toEqual([]);
      expect(
        defined.filter((key) => !reads.includes(key)),
        `${app} sets variables it never reads`,
      ).toEqual([]);
    }
  });

  it("runs the API server on its API_PORT, with the web's sign-in settings and none of its bootstrap secrets", () => {
    const env = api().env!;
    const port = Number(env.find((e) => e.name === "API_PORT")?.value);
    expect(api().ports).toEqual([{ name: "http", containerPort: port }]);
    const source = (c: Container, name: string) => c.env!.find((e) => e.name === name)?.valueFrom;
    for (const name of ["AUTH_URL", "AUTH_SECRET"])
      expect(source(api(), name), name).toEqual(source(web(), name));
    expect(env.filter((e) => e.name.startsWith("ADMIN_"))).toEqual([]);
    expect(api().envFrom?.some((s) => s.secretRef?.name === "tps-web-secrets")).toBeFalsy();
  });

  it("scales the API Deployment on CPU from at least two replicas, with a CPU request to measure against", () => {
    const hpa = find(objects, "HorizontalPodAutoscaler", "tps-api");
    expect(hpa.apiVersion).toBe("autoscaling/v2");
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "tps-api" });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    const [metric] = hpa.spec.metrics;
    expect(metric.resource.name).toBe("cpu");
    expect(metric.resource.target.type).toBe("Utilization");
    expect(metric.resource.target.averageUtilization).toBeGreaterThan(0);
    expect(metric.resource.target.averageUtilization).toBeLessThan(100);
    // Utilization is a share of the request; a replica count in the Deployment would fight the HPA.
    expect(api().resources?.requests?.cpu).toMatch(QUANTITY);
    expect(find(objects, "Deployment", "tps-api").spec.replicas).toBeUndefined();
  });

  it("holds no credential: secrets come from Secrets, never from a literal value", () => {
    const secretish = /PASSWORD|SECRET|TOKEN|_KEY$|_URL$/;
    for (const o of objects.filter((x) => x.spec?.template?.spec?.containers)) {
      for (const c of o.spec.template.spec.containers as Container[]) {
        for (const e of c.env ?? []) {
          if (!secretish.test(e.name)) continue;
          // AUTH_URL is the public address, from a ConfigMap; the rest from a Secret.
          const ref =
            e.valueFrom?.secretKeyRef ?? (e.name === "AUTH_URL" ? e.valueFrom?.configMapKeyRef : undefined);
          expect(ref, `${o.metadata.name} ${c.name} ${e.name}`).toBeDefined();
          expect(e.value, `${o.metadata.name} ${c.name} ${e.name}`).toBeUndefined();
        }
      }
    }
    for (const cm of objects.filter((x) => x.kind === "ConfigMap")) {
      for (const [key, value] of Object.entries(cm.data ?? {})) {
        expect(key, `${cm.metadata.name}: a secret in a ConfigMap`).not.toMatch(
          /PASSWORD|SECRET|TOKEN|_KEY$/,
        );
        if (/^(postgresql|amqp|redis):/.test(value))
          expect.fail(`${cm.metadata.name}.${key} holds an address with credentials`);
      }
    }
  });

  it("gives each consumer replica its own CONSUMER_ID (the pod name) and no replica count to fight KEDA", () => {
    const id = consumer().env!.find((e) => e.name === "CONSUMER_ID");
    expect(id?.valueFrom?.fieldRef?.fieldPath).toBe("metadata.name");
    expect(find(objects, "Deployment", "tps-consumer").spec.replicas).toBeUndefined();
    const grace = podSpec("Deployment", "tps-consumer").terminationGracePeriodSeconds;
    const shutdownMs = Number(find(objects, "ConfigMap", "tps-consumer-config").data!.SHUTDOWN_GRACE_MS);
    expect(grace * 1000).toBeGreaterThan(shutdownMs);
  });

  it("scales the consumer Deployment with KEDA on the depth of the queue the apps use", () => {
    const scaled = find(objects, "ScaledObject", "tps-consumer");
    expect(scaled.apiVersion).toBe("keda.sh/v1alpha1");
    expect(scaled.spec.scaleTargetRef.name).toBe("tps-consumer");
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(1);
    expect(scaled.spec.maxReplicaCount).toBeGreaterThan(scaled.spec.minReplicaCount);
    const [trigger] = scaled.spec.triggers;
    expect(trigger.type).toBe("rabbitmq");
    expect(trigger.metadata.mode).toBe("QueueLength");
    expect(Number(trigger.metadata.value)).toBeGreaterThan(0);
    expect(trigger.metadata.queueName).toBe(find(objects, "ConfigMap", "tps-config").data!.TASK_QUEUE);
    const auth: K8sObject = find(objects, "TriggerAuthentication", trigger.authenticationRef.name);
    expect(auth.spec.secretTargetRef).toContainEqual({
      parameter: "host",
      name: "tps-secrets",
      key: "RABBITMQ_URL",
    });
  });
});
