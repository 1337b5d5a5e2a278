// One 512-byte tar header block (POSIX ustar, GNU and old v7 layouts) and PAX extended records.
// Pure functions over bytes: nothing here trusts a field, and every problem comes back as a value.

export const BLOCK = 512;

export interface RawHeader {
  name: Buffer;
  mode: number;
  uid: number;
  gid: number;
  /** undefined when the field is not a number a tar can hold (then the entry's end is unknown). */
  size: number | undefined;
  mtime: number | undefined;
  typeflag: string;
  linkname: Buffer;
  uname: Buffer;
  gname: Buffer;
}

/** The bytes of a NUL-terminated field. */
function field(block: Buffer, start: number, length: number): Buffer {
  const bytes = block.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return end === -1 ? bytes : bytes.subarray(0, end);
}

/**
 * An octal field (spaces and NULs around it allowed), or GNU base-256 when the first byte's high bit
 * is set. undefined for anything else, for negative numbers and for numbers past 2^53.
 */
export function parseNumber(block: Buffer, start: number, length: number): number | undefined {
  const bytes = block.subarray(start, start + length);
  if (bytes[0] & 0x80) {
    if (bytes[0] === 0xff) return undefined;
    let value = bytes[0] & 0x7f;
    for (let i = 1; i < bytes.length; i++) {
      value = value * 256 + bytes[i];
      if (value > Number.MAX_SAFE_INTEGER) return undefined;
    }
    return value;
  }
  const text = bytes.toString('latin1').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) return undefined;
  const value = parseInt(text, 8);
  return Number.isSafeInteger(value) ? value : undefined;
}

export function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** The header's own checksum, counted both unsigned (POSIX) and signed (some old tars). */
export function checksumMatches(block: Buffer): boolean {
  const stored = parseNumber(block, 148, 8);
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

export function parseHeader(block: Buffer): RawHeader {
  const magic = block.subarray(257, 263).toString('latin1');
  let name = field(block, 0, 100);
  // POSIX ustar splits long names into prefix/name; GNU tar puts other fields where the prefix would be.
  if (magic === 'ustar\0') {
    const prefix = field(block, 345, 155);
    if (prefix.length) name = Buffer.concat([prefix, Buffer.from('/'), name]);
  }
  return {
    name,
    mode: (parseNumber(block, 100, 8) ?? 0) & 0o7777,
    uid: parseNumber(block, 108, 8) ?? 0,
    gid: parseNumber(block, 116, 8) ?? 0,
    size: parseNumber(block, 124, 12),
    mtime: parseNumber(block, 136, 12),
    typeflag: block[156] === 0 ? '0' : String.fromCharCode(block[156]),
    linkname: field(block, 157, 100),
    uname: field(block, 265, 32),
    gname: field(block, 297, 32),
  };
}

export interface PaxRecords {
  values: Map<string, Buffer>;
  malformed: boolean;
}

/** `"<length> <key>=<value>\n"` records; parsing stops at the first malformed one. */
export function parsePax(data: Buffer): PaxRecords {
  const values = new Map<string, Buffer>();
  let position = 0;
  while (position < data.length) {
    if (data[position] === 0) break;
    const space = data.indexOf(0x20, position);
    const lengthText = space === -1 ? '' : data.subarray(position, space).toString('latin1');
    const length = /^[0-9]{1,9}$/.test(lengthText) ? Number(lengthText) : NaN;
    const end = position + length;
    if (!(length > 0) || end > data.length || data[end - 1] !== 0x0a) return { values, malformed: true };
    const record = data.subarray(space + 1, end - 1);
    const equals = record.indexOf(0x3d);
    if (equals <= 0) return { values, malformed: true };
    values.set(record.subarray(0, equals).toString('utf8'), record.subarray(equals + 1));
    position = end;
  }
  return { values, malformed: false };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Text of a name; invalid UTF-8 becomes U+FFFD and is reported. */
export function decodeName(bytes: Buffer): { text: string; invalid: boolean } {
  try {
    return { text: UTF8.decode(bytes), invalid: false };
  } catch {
    return { text: bytes.toString('utf8'), invalid: true };
  }
}
