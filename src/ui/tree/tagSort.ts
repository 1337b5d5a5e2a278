// Orders the loaded tags of a repository. No vscode import, so it is tested alone.

export type TagSortMode = 'newest' | 'version';

interface ParsedVersion {
  numbers: number[];
  /** Text after the numbers (`rc1` of `1.9-rc1`); empty for a release. */
  suffix: string;
}

/** `v1.2.3`, `1.10`, `2`, `1.9-rc1`, `1.0.0+build5`: digits first; anything else (`latest`, `main`) is not a version. */
const VERSION = /^[vV]?(\d+(?:\.\d+)*)(?:[-+_.~](.*))?$/;
const suffixOrder = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
const nameOrder = new Intl.Collator('en', { numeric: true });

export function parseVersion(tag: string): ParsedVersion | undefined {
  const match = VERSION.exec(tag);
  if (!match) return undefined;
  const numbers = match[1].split('.').map(Number);
  if (numbers.some((n) => !Number.isSafeInteger(n))) return undefined;
  return { numbers, suffix: match[2] ?? '' };
}

/**
 * Newest version first: 1.10 before 1.9 before 1.9-rc1 (a release outranks its pre-releases);
 * tags that are no version come after every version, in name order.
 */
export function compareVersionsNewestFirst(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (!va || !vb) {
    if (va) return -1;
    if (vb) return 1;
    return nameOrder.compare(a, b);
  }
  const length = Math.max(va.numbers.length, vb.numbers.length);
  for (let i = 0; i < length; i++) {
    const difference = (vb.numbers[i] ?? 0) - (va.numbers[i] ?? 0);
    if (difference !== 0) return difference;
  }
  if (va.suffix !== vb.suffix) {
    if (!va.suffix) return -1;
    if (!vb.suffix) return 1;
    const bySuffix = suffixOrder.compare(vb.suffix, va.suffix);
    if (bySuffix !== 0) return bySuffix;
  }
  // Same version written two ways (1.9 and v1.9.0): the longer spelling first, then by name.
  return vb.numbers.length - va.numbers.length || nameOrder.compare(a, b);
}

/**
 * `newest`: tags with a known time newest first, then the rest by version; `version`: by version
 * only. `timeOf` gives milliseconds since the epoch, or undefined when the time is not known.
 */
export function sortTagNames<T>(items: readonly T[], nameOf: (item: T) => string, mode: TagSortMode, timeOf: (item: T) => number | undefined): T[] {
  const keyed = items.map((item) => ({ item, name: nameOf(item), time: mode === 'newest' ? timeOf(item) : undefined }));
  keyed.sort((a, b) => {
    if (a.time !== undefined && b.time !== undefined && a.time !== b.time) return b.time - a.time;
    if (a.time !== undefined && b.time === undefined) return -1;
    if (a.time === undefined && b.time !== undefined) return 1;
    return compareVersionsNewestFirst(a.name, b.name);
  });
  return keyed.map((k) => k.item);
}

/** A time a listing or a document gave, as milliseconds; undefined when absent or unreadable. */
export function timeValue(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const value = Date.parse(text);
  return Number.isFinite(value) ? value : undefined;
}
