/** The API accepts 1..10,000 payloads per createMany call. */
export const MAX_BATCH_COUNT = 10_000;

/** Payloads for a batch: `prefix1`, `prefix2`, … `prefixN`. */
export function batchPayloads(prefix: string, count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_BATCH_COUNT) {
    throw new RangeError(`count must be a whole number from 1 to ${MAX_BATCH_COUNT}`);
  }
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}
