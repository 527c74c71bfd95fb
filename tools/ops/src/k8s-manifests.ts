import { readdirSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { readRepoFile, repoPath } from "./repo";

/** A Kubernetes object as far as the checks need it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // biome-ignore lint/suspicious/noExplicitAny: manifests are checked field by field in the tests
  spec?: any;
  data?: Record<string, string>;
  file: string;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    secretKeyRef?: { name: string; key: string };
    fieldRef?: { fieldPath: string };
    configMapKeyRef?: { name: string; key: string };
  };
}

export interface Container {
  name: string;
  image: string;
  command: string[];
  ports?: { name: string; containerPort: number }[];
  env?: EnvVar[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
}

export interface Probe {
  httpGet?: { path: string; port: string | number };
  tcpSocket?: { port: string | number };
}

export const K8S_DIR = "deploy/k8s";

/** Every YAML document of every file in deploy/k8s (except the kustomization), with its file name. */
export function readManifests(): K8sObject[] {
  const files = readdirSync(repoPath(K8S_DIR)).filter(
    (f) => f.endsWith(".yaml") && f !== "kustomization.yaml",
  );
  return files.flatMap((file) =>
    parseAllDocuments(readRepoFile(`${K8S_DIR}/${file}`)).map((doc) => {
      if (doc.errors.length) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join("; ")}`);
      return { ...(doc.toJS() as Omit<K8sObject, "file">), file };
    }),
  );
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${K8S_DIR}`);
  return found;
}

/** The names a container's environment defines, from env entries and the ConfigMaps it loads. */
export function envNames(container: Container, objects: K8sObject[], secretKeys: string[]): string[] {
  const names = new Set((container.env ?? []).map((e) => e.name));
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      for (const key of Object.keys(find(objects, "ConfigMap", source.configMapRef.name).data ?? {}))
        names.add(key);
    }
    if (source.secretRef) for (const key of secretKeys) names.add(key);
  }
  return [...names].sort();
}
