// A minimal ustar writer, so test layers are real tar archives built without docker or tar(1).
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  name: string;
  /** Omit for a directory. */
  content?: Buffer | string;
  mode?: number;
}

const BLOCK = 512;

function writeString(header: Buffer, text: string, offset: number, length: number): void {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length > length) throw new Error(`tar field too long: "${text}" (max ${length} bytes)`);
  bytes.copy(header, offset);
}

/** Octal number, zero-padded, NUL-terminated, as ustar numeric fields are. */
function writeOctal(header: Buffer, value: number, offset: number, length: number): void {
  writeString(header, value.toString(8).padStart(length - 1, '0') + '\0', offset, length);
}

function headerFor(entry: TarEntry, size: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  const isDir = entry.content === undefined;
  const name = isDir && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
  writeString(header, name, 0, 100);
  writeOctal(header, entry.mode ?? (isDir ? 0o755 : 0o644), 100, 8);
  writeOctal(header, 0, 108, 8); // uid
  writeOctal(header, 0, 116, 8); // gid
  writeOctal(header, size, 124, 12);
  writeOctal(header, 0, 136, 12); // mtime: fixed so builds are reproducible
  header.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  writeString(header, isDir ? '5' : '0', 156, 1);
  writeString(header, 'ustar\0', 257, 6);
  writeString(header, '00', 263, 2);
  writeString(header, 'root', 265, 32);
  writeString(header, 'root', 297, 32);
  let sum = 0;
  for (const byte of header) sum += byte;
  writeString(header, sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return header;
}

/** An uncompressed tar archive of the entries, in order, with the two zero end blocks. */
export function createTar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.content === undefined ? Buffer.alloc(0) : Buffer.from(entry.content);
    parts.push(headerFor(entry, content.length), content);
    const padding = (BLOCK - (content.length % BLOCK)) % BLOCK;
    if (padding) parts.push(Buffer.alloc(padding));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** gzip with no file name and mtime 0, so the same tar always gives the same digest on this machine. */
export function gzip(data: Buffer): Buffer {
  return gzipSync(data, { level: 6 });
}
