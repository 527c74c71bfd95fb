/** The API accepts 1..10,000 payloads per createMany call. */
export const MAX_BATCH_COUNT = 10_000;

/**
 * Payloads for a batch from a template: every `{n}` becomes 1…N (`job-{n}` → `job-1`, `job-2`, …).
 * A template without `{n}` gets the number appended (`task-` → `task-1`, …).
 */
export function batchPayloads(template: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH_COUNT) {
    throw new RangeError(`count must be a whole number from 1 to ${MAX_BATCH_COUNT}`);
  }
  const pattern = template.includes("{n}") ? template : `${template}{n}`;
  return Array.from({ length: count }, (_, i) => pattern.replaceAll("{n}", String(i + 1)));
}
