import { describe, expect, it } from "vitest";
import { percentile, readProcessFigures } from "./prom-text";
import { parseDuration, parseSoakArgs } from "./soak-args";

describe("soak benchmark helpers", () => {
  it("parses arguments with bounds and the API key from the environment", () => {
    const o = parseSoakArgs(["--rate", "200", "--duration", "30m"], { TPS_API_KEY: "k" })!;
    expect(o).toMatchObject({ rate: 200, durationMs: 1_800_000, everyMs: 10_000, apiKey: "k" });
    expect(o.url).toBe("http://127.0.0.1:3000");
    expect(() => parseSoakArgs(["--duration", "48h"], {})).toThrow(/duration/);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseSoakArgs(["--help"], {})).toBeNull();
    expect(o.bounds).toMatchObject({ warmupMs: 300_000, rssMiBPerHour: 64, errorRate: 0.001 });
    const short = parseSoakArgs(["--duration", "3m", "--max-rss-growth", "100"], {})!;
    expect(short.bounds).toMatchObject({ warmupMs: 36_000, rssMiBPerHour: 100 });
    expect(() => parseSoakArgs(["--max-p99-drift", "0.5"], {})).toThrow(/max-p99-drift/);
  });

  it("reads RSS, heap and handles from prom-client text, summing labelled series", () => {
    const text = [
      "# HELP process_resident_memory_bytes Resident memory size in bytes.",
      "process_resident_memory_bytes 104857600",
      'nodejs_heap_size_used_bytes{app="web"} 5e7',
      'nodejs_active_handles_total{type="Socket"} 3',
      'nodejs_active_handles_total{type="Timer"} 2',
    ].join("\n");
    expect(readProcessFigures(text)).toEqual({ rss: 104_857_600, heap: 5e7, handles: 5 });
    expect(readProcessFigures("").rss).toBeNaN();
  });

  it("percentiles by nearest rank", () => {
    expect(percentile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 0.99)).toBe(5);
    expect(percentile([], 0.5)).toBeNaN();
  });
});
