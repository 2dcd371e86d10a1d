/**
 * The value under `key` when `record` itself holds it: user text used as a key never reaches
 * Object.prototype (`constructor`, `__proto__`, `toString`).
 */
export function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
