// A parsed tar header (plus the extended headers before it) made into a listed LayerEntry: names
// decoded and normalised, types named, and anything unsafe or unusual marked with a warning.
import type { EntryType, LayerEntry } from './api';
import { decodeName, type RawHeader } from './tarHeader';
import { normaliseName, whiteoutOf } from './entryPath';

/** What the extended headers (PAX `x`/`g`, GNU `L`/`K`) say about the next entry. */
export interface Extensions {
  pax?: Map<string, Buffer>;
  global?: Map<string, Buffer>;
  longName?: Buffer;
  longLink?: Buffer;
  warnings: string[];
}

/** One entry as the index keeps it: where its content starts in the tar, and whether merging uses it. */
export interface IndexedEntry {
  entry: LayerEntry;
  /** Byte offset of the content in the uncompressed tar; -1 when there is none. */
  offset: number;
  /** False for entries that are listed only (escaping names, replaced duplicates, truncated content, …). */
  applies: boolean;
}

const TYPES: Record<string, EntryType> = {
  '0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '3': 'charDevice', '4': 'blockDevice', '5': 'directory', '6': 'fifo',
};

/** Entry types whose size field says nothing about data following the header (as Go's archive/tar reads them). */
export function hasData(typeflag: string): boolean {
  return !'123456'.includes(typeflag);
}

function decimal(value: Buffer | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.toString('latin1');
  return /^[0-9]{1,16}$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined;
}

function paxValue(ext: Extensions, key: string): Buffer | undefined {
  return ext.pax?.get(key) ?? ext.global?.get(key);
}

function paxTime(value: Buffer | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = value.toString('latin1');
  return /^-?[0-9]{1,15}(\.[0-9]+)?$/.test(text) ? Math.round(Number(text) * 1000) : undefined;
}

function text(bytes: Buffer, warnings: string[], what: string): string {
  const decoded = decodeName(bytes);
  if (decoded.invalid) warnings.push(`${what} is not valid UTF-8`);
  return decoded.text;
}

/** The listed entry, or undefined for the root directory itself (which a listing leaves out). */
export function toEntry(raw: RawHeader, ext: Extensions, size: number): { entry: LayerEntry; applies: boolean } | undefined {
  const notes = [...ext.warnings];
  let applies = true;
  const rawText = text(ext.longName ?? ext.pax?.get('path') ?? raw.name, notes, 'the name');
  const nameInvalid = notes.length > ext.warnings.length;
  if (nameInvalid) applies = false;
  const { path: normalised, escapes } = normaliseName(rawText);
  const type: EntryType = TYPES[raw.typeflag] ?? 'file';
  if (!(raw.typeflag in TYPES)) {
    notes.push(raw.typeflag === 'S' ? 'GNU sparse file, not supported' : `unknown entry type ${JSON.stringify(raw.typeflag)}`);
    applies = false;
  }
  if (escapes) {
    notes.push('escapes the root (a ".." above it)');
    applies = false;
  }
  const whiteout = whiteoutOf(normalised);
  let path = normalised;
  let whiteoutKind: LayerEntry['whiteout'];
  if (whiteout.kind === 'opaque') {
    path = whiteout.directory;
    whiteoutKind = 'opaque';
  } else if (whiteout.kind === 'file') {
    path = whiteout.hidden;
    whiteoutKind = 'file';
  } else if (whiteout.kind === 'invalid') {
    notes.push(whiteout.reason);
    applies = false;
  }
  if (path === '' && whiteoutKind !== 'opaque') return undefined;
  if (type === 'charDevice' || type === 'blockDevice') notes.push('device file: listed, never read or written');
  const entry: LayerEntry = {
    path,
    type,
    size: type === 'file' ? size : 0,
    mode: raw.mode,
    uid: decimal(paxValue(ext, 'uid')) ?? raw.uid,
    gid: decimal(paxValue(ext, 'gid')) ?? raw.gid,
  };
  const simple = rawText.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (nameInvalid || (simple !== normalised && !(whiteoutKind && simple === normalised))) entry.rawName = rawText;
  const uname = paxValue(ext, 'uname') ?? raw.uname;
  const gname = paxValue(ext, 'gname') ?? raw.gname;
  if (uname.length) entry.uname = uname.toString('utf8');
  if (gname.length) entry.gname = gname.toString('utf8');
  const mtime = paxTime(paxValue(ext, 'mtime')) ?? (raw.mtime === undefined ? undefined : raw.mtime * 1000);
  if (mtime !== undefined) entry.mtime = mtime;
  if (type === 'symlink' || type === 'hardlink') {
    const target = text(ext.longLink ?? ext.pax?.get('linkpath') ?? raw.linkname, notes, 'the link target');
    if (type === 'symlink') entry.linkTarget = target;
    else {
      const resolved = normaliseName(target);
      entry.linkTarget = resolved.path;
      if (resolved.escapes || resolved.path === '') {
        notes.push('hard link to a target outside the root');
        applies = false;
      }
    }
  }
  if (whiteoutKind) entry.whiteout = whiteoutKind;
  if (notes.length) entry.warning = notes.join('; ');
  return { entry, applies };
}
