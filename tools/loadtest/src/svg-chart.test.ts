import { describe, expect, it } from "vitest";
import { escapeXml, niceCeil, renderSvg } from "./svg-chart";

describe("svg chart", () => {
  it("rounds axis maxima up to 1, 2 or 5 × 10^k", () => {
    expect([0, 0.7, 1.3, 3, 7, 210].map(niceCeil)).toEqual([1, 1, 2, 5, 10, 500]);
  });

  it("renders stacked charts with a path per series, a legend and gaps for NaN", () => {
    const svg = renderSvg([
      {
        title: "Created & completed <per second>",
        yLabel: "tasks/s",
        series: [
          { name: "created", color: "#111", values: [1, 2, 3] },
          { name: "completed", color: "#222", values: [0, Number.NaN, 2] },
        ],
      },
      { title: "Latency", yLabel: "s", series: [{ name: "p95", color: "#333", values: [] }] },
    ]);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('height="560"');
    expect(svg).toContain("Created &amp; completed &lt;per second&gt;");
    const paths = [...svg.matchAll(/<path d="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths).toHaveLength(2);
    expect(paths[0]!.match(/[ML]/g)).toEqual(["M", "L", "L"]);
    expect(paths[1]!.match(/[ML]/g)).toEqual(["M", "M"]); // the NaN breaks the line
    for (const name of ["created", "completed", "p95"]) expect(svg).toContain(`>${name}</text>`);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
  });

  it("escapes XML", () => {
    expect(escapeXml(`a<b>&"c'`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
  });
});
