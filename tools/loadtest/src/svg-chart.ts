/** A dependency-free SVG line chart: values per second, NaN leaves a gap. */

export interface Series {
  name: string;
  color: string;
  values: readonly number[];
}

export interface ChartSpec {
  title: string;
  yLabel: string;
  series: Series[];
}

const WIDTH = 900;
const PANEL_HEIGHT = 280;
const MARGIN = { top: 36, right: 24, bottom: 40, left: 64 };

export const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );

/** 1, 2 or 5 × 10^k at or above `value` (for axis ranges and steps). */
export function niceCeil(value: number): number {
  if (!(value > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(value));
  const f = value / exp;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * exp;
}

const n = (v: number) => Number(v.toFixed(1));

/** One chart as an SVG group, `offsetY` from the top of the document. */
function panel(spec: ChartSpec, offsetY: number): string {
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const length = spec.series.reduce((m, s) => Math.max(m, s.values.length), 2);
  const finite = spec.series.flatMap((s) => s.values.filter(Number.isFinite));
  // Four gridlines at a round step (…, 1, 2, 5, 10, 20, …) above the largest value.
  const yStep = niceCeil(finite.reduce((m, v) => Math.max(m, v), 0) / 4);
  const yMax = yStep * 4;
  const x = (i: number) => MARGIN.left + (i / (length - 1)) * plotW;
  const y = (v: number) => MARGIN.top + plotH - (v / yMax) * plotH;

  const parts: string[] = [`<g transform="translate(0,${offsetY})">`];
  parts.push(
    `<text x="${MARGIN.left}" y="22" font-size="15" font-weight="bold">${escapeXml(spec.title)}</text>`,
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#ccc"/>`,
  );
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${n(y(v))}" y2="${n(y(v))}" stroke="#eee"/>`,
      `<text x="${MARGIN.left - 6}" y="${n(y(v) + 4)}" font-size="11" text-anchor="end">${Number(v.toPrecision(3))}</text>`,
    );
  }
  const step = niceCeil((length - 1) / 10);
  for (let i = 0; i < length; i += step) {
    parts.push(
      `<text x="${n(x(i))}" y="${MARGIN.top + plotH + 16}" font-size="11" text-anchor="middle">${i}</text>`,
    );
  }
  parts.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${PANEL_HEIGHT - 6}" font-size="12" text-anchor="middle">seconds since start</text>`,
    `<text x="16" y="${MARGIN.top + plotH / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 16 ${MARGIN.top + plotH / 2})">${escapeXml(spec.yLabel)}</text>`,
  );
  spec.series.forEach((series, s) => {
    let d = "";
    let pen = false;
    series.values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        pen = false;
        return;
      }
      d += `${pen ? "L" : "M"}${n(x(i))},${n(y(v))}`;
      pen = true;
    });
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${series.color}" stroke-width="1.8"/>`);
    const lx = MARGIN.left + plotW - 150;
    const ly = MARGIN.top + 14 + s * 16;
    parts.push(
      `<line x1="${lx}" x2="${lx + 18}" y1="${ly - 4}" y2="${ly - 4}" stroke="${series.color}" stroke-width="3"/>`,
      `<text x="${lx + 24}" y="${ly}" font-size="12">${escapeXml(series.name)}</text>`,
    );
  });
  parts.push("</g>");
  return parts.join("\n");
}

/** A document of charts stacked vertically. */
export function renderSvg(charts: ChartSpec[]): string {
  const height = PANEL_HEIGHT * charts.length;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    ...charts.map((chart, i) => panel(chart, i * PANEL_HEIGHT)),
    "</svg>",
    "",
  ].join("\n");
}
