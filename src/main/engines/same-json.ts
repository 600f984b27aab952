/** Deep equality for plain engine snapshots (JSON data, same key order from the same normalizer). */
export const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
