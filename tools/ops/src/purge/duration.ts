const UNITS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

/** "7d", "12h", "30m" (a whole number and a unit) in milliseconds; a clear error for anything else. */
export function parseDuration(text: string, name = "--older-than"): number {
  const match = /^(\d{1,6})([dhm])$/.exec(text.trim());
  if (!match) {
    throw new Error(
      `${name} must be a whole number followed by d, h or m (e.g. 7d, 12h, 30m), not '${text}'`,
    );
  }
  const ms = Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
  if (ms <= 0) throw new Error(`${name} must be longer than 0 (e.g. 7d), not '${text}'`);
  return ms;
}

/** 7d, 12h, 30m back, for messages. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of Object.entries(UNITS)) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms} ms`;
}
