import { describe, expect, it } from "vitest";
import { toolLinks } from "./tool-links";

describe("toolLinks", () => {
  it("links only the tools whose address is configured", () => {
    expect(toolLinks({})).toEqual([]);
    expect(toolLinks({ RABBITMQ_MANAGEMENT_URL: "http://mq:15672" })).toEqual([
      { label: "RabbitMQ", href: "http://mq:15672" },
    ]);
    expect(
      toolLinks({ GRAFANA_URL: "https://grafana.example", RABBITMQ_MANAGEMENT_URL: "http://mq:15672" }),
    ).toEqual([
      { label: "Grafana", href: "https://grafana.example" },
      { label: "RabbitMQ", href: "http://mq:15672" },
    ]);
  });
});
