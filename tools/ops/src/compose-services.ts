import { readRepoYaml } from "./repo";

/** A service of docker-compose.yml, as far as the checks (compose*.test.ts) read it. */
export interface Service {
  image?: string;
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
/** The host side of a port mapping ("127.0.0.1:8080:80" → 8080). */
export const hostPort = (mapping: string) => Number(mapping.split(":").at(-2));
/** The container side of a port mapping ("127.0.0.1:8080:80" → 80). */
export const containerPort = (mapping: string) => Number(mapping.split(":").at(-1));
