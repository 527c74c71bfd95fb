import { describe, expect, it } from "vitest";
import { APP_ENV, DEFAULT_IS_RIGHT } from "./app-env";
import { runtimePaths } from "./dockerfile";
import { type Container, envNames, find, K8S_DIR, type K8sObject, readManifests } from "./k8s-manifests";
import { readRepoYaml } from "./repo";

/** Keys of the Secret `tps-secrets`, which is created outside the repository (see config.yaml). */
const SECRET_KEYS = ["DATABASE_URL", "RABBITMQ_URL", "REDIS_URL"];
const objects = readManifests();
const podSpec = (kind: string, name: string) => find(objects, kind, name).spec.template.spec;
const container = (kind: string, name: string): Container => podSpec(kind, name).containers[0];
const web = () => container("Deployment", "tps-web");
const consumer = () => container("Deployment", "tps-consumer");
const QUANTITY = /^\d+(\.\d+)?(m|Mi|Gi|Ki)?$/;

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
    const webLabels = find(objects, "Deployment", "tps-web").spec.template.metadata.labels;
    expect(find(objects, "Service", "tps-web").spec.selector).toEqual(webLabels);
    expect(find(objects, "PodDisruptionBudget", "tps-web").spec.selector.matchLabels).toEqual(webLabels);
  });

  it("runs at least two web replicas behind a Service and an Ingress that point at each other", () => {
    const deployment = find(objects, "Deployment", "tps-web");
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const service = find(objects, "Service", "tps-web");
    const servicePort = service.spec.ports[0];
    expect(web().ports!.map((p) => p.name)).toContain(servicePort.targetPort);
    const backend = find(objects, "Ingress", "tps-web").spec.rules[0].http.paths[0].backend.service;
    expect(backend.name).toBe(service.metadata.name);
    expect(backend.port.name ?? backend.port.number).toBe(servicePort.name ?? servicePort.port);
  });

  it("probes /api/health on the web and /health on the consumer, on ports the containers open", () => {
    const portsOf = (c: Container) => (c.ports ?? []).flatMap((p) => [p.name, p.containerPort]);
    for (const [c, path] of [
      [web(), "/api/health"],
      [consumer(), "/health"],
    ] as const) {
      expect(c.readinessProbe?.httpGet?.path, c.name).toBe(path);
      expect(c.startupProbe?.httpGet?.path, c.name).toBe(path);
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
        const [bin, script] = c.command;
        expect(bin).toBe("node");
        expect(
          inImage.some((dir) => script!.startsWith(`${dir}/`)),
          `${o.metadata.name}: ${script}`,
        ).toBe(true);
      }
    }
  });

  it("sets every variable the apps read from config, the secret or the pod, and none they do not", () => {
    const cases: [keyof typeof APP_ENV, Container][] = [
      ["web", web()],
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
