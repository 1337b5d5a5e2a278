// Tar names made into image paths: relative, '/'-separated, without '.' or '..' segments, and the
// overlay whiteout names (`.wh.<name>`, `.wh..wh..opq`) recognised.

export interface NormalisedName {
  /** '' for the root itself. */
  path: string;
  /** A `..` climbed above the root. */
  escapes: boolean;
}

export function normaliseName(raw: string): NormalisedName {
  const parts: string[] = [];
  let escapes = false;
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length) parts.pop();
      else escapes = true;
      continue;
    }
    parts.push(segment);
  }
  return { path: parts.join('/'), escapes };
}

export const OPAQUE_MARKER = '.wh..wh..opq';
const WHITEOUT_PREFIX = '.wh.';
/** aufs keeps its own bookkeeping under names with this prefix; they are not files of the image. */
const AUFS_META_PREFIX = '.wh..wh.';

export type WhiteoutName =
  | { kind: 'none' }
  | { kind: 'opaque'; directory: string }
  | { kind: 'file'; hidden: string }
  | { kind: 'invalid'; reason: string };

export function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}/${name}`;
}

export function whiteoutOf(path: string): WhiteoutName {
  const base = baseName(path);
  if (!base.startsWith(WHITEOUT_PREFIX)) return { kind: 'none' };
  const directory = parentOf(path);
  if (base === OPAQUE_MARKER) return { kind: 'opaque', directory };
  if (base.startsWith(AUFS_META_PREFIX)) return { kind: 'invalid', reason: 'aufs bookkeeping entry, ignored' };
  const hidden = base.slice(WHITEOUT_PREFIX.length);
  if (hidden === '' || hidden === '.' || hidden === '..') return { kind: 'invalid', reason: 'whiteout of an invalid name, ignored' };
  return { kind: 'file', hidden: joinPath(directory, hidden) };
}
