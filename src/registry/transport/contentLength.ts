/** A Content-Length header as a byte count; undefined when absent or not a plain decimal number. */
export function declaredLength(value: string | undefined | null): number | undefined {
  const text = value?.trim();
  if (!text || !/^\d{1,16}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}
