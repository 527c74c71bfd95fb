import { readRepoYaml } from "./repo";

/** A service of docker-compose.yml, as far as the checks (compose*.test.ts) read it. */
export interface Service {
  image?: string;
  profiles?: string[];
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: unknown[]; interval?: string };
  container_name?: string;
  restart?: string;
}

export const compose = readRepoYaml<{ services: Record<string, Service>; volumes: Record<string, unknown> }>(
  "docker-compose.yml",
);
export const services = compose.services;
/** The services built from this repository's Dockerfile. */
export const APP_SERVICES = ["migrate", "web", "api", "consumer"] as const;
/** A port mapping with its `${VAR:-default}` host ports at their defaults. */
const withDefaults = (mapping: string) => mapping.replace(/\$\{[A-Z_]+:-(\d+)\}/g, "$1");
/** The host side of a port mapping ("127.0.0.1:8080:80" → 8080). */
export const hostPort = (mapping: string) => Number(withDefaults(mapping).split(":").at(-2));
/** The container side of a port mapping ("127.0.0.1:8080:80" → 80). */
export const containerPort = (mapping: string) => Number(withDefaults(mapping).split(":").at(-1));
/** The host address of a port mapping ("127.0.0.1:8080:80" → "127.0.0.1"; "" when on every address). */
export const hostAddress = (mapping: string) => {
  const parts = withDefaults(mapping).split(":");
  return parts.length === 3 ? parts[0]! : "";
};
/** The services a profile starts (every service here has a profile: app is the whole system). */
export const inProfile = (profile: string) =>
  Object.fromEntries(Object.entries(services).filter(([, s]) => s.profiles?.includes(profile)));
