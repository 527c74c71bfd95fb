import { parseArgs } from "node:util";

type Value = number | string | boolean;
type Parsed<D> = { [K in keyof D]: D[K] extends number ? number : D[K] extends boolean ? boolean : string };

/**
 * A benchmark's command-line options, each named with its default: `--name value` for numbers
 * (read as numbers, and refused when they are not, rather than running with NaN) and strings,
 * `--name` alone for booleans. An option not listed is refused, as parseArgs does.
 */
export function benchArgs<D extends Record<string, Value>>(
  defaults: D,
  argv = process.argv.slice(2),
): Parsed<D> {
  const options = Object.fromEntries(
    Object.entries(defaults).map(([name, value]) => [
      name,
      typeof value === "boolean"
        ? { type: "boolean" as const, default: value }
        : { type: "string" as const, default: String(value) },
    ]),
  );
  const { values } = parseArgs({ args: argv, options });
  const parsed = Object.entries(defaults).map(([name, fallback]) => {
    const value = values[name];
    if (typeof fallback !== "number") return [name, value];
    const number = Number(value);
    if (!Number.isFinite(number)) throw new Error(`--${name} takes a number, not "${value}"`);
    return [name, number];
  });
  return Object.fromEntries(parsed) as Parsed<D>;
}
