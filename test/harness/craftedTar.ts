// Tar archives built byte by byte for tests, hostile ones included: any type flag, raw name bytes,
// PAX and GNU long-name headers, declared sizes that lie, damaged checksums, base-256 numbers.
const BLOCK = 512;

export interface CraftedEntry {
  name: string | Buffer;
  /** Type flag; '0' by default, '5' when `content` is omitted and the name ends in '/'. */
  type?: string;
  content?: Buffer | string;
  mode?: number;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  mtime?: number;
  linkname?: string | Buffer;
  /** Size written in the header when it should differ from the content's length. */
  declaredSize?: number;
  /** Size field written as these 12 bytes exactly (base-256, garbage, …). */
  rawSizeField?: Buffer;
  /** A PAX 'x' header before the entry. */
  pax?: Record<string, string | Buffer>;
  /** A GNU 'L' header before the entry, holding the full name (the header keeps the first 100 bytes). */
  gnuLongName?: boolean;
  /** A GNU 'K' header before the entry for a long link target. */
  gnuLongLink?: boolean;
  badChecksum?: boolean;
}

function put(header: Buffer, value: string | Buffer, offset: number, length: number): void {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8');
  bytes.subarray(0, length).copy(header, offset);
}

function octal(header: Buffer, value: number, offset: number, length: number): void {
  put(header, `${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
}

function header(fields: { name: Buffer; type: string; size: number; entry?: CraftedEntry }): Buffer {
  const block = Buffer.alloc(BLOCK);
  const entry = fields.entry;
  put(block, fields.name, 0, 100);
  octal(block, entry?.mode ?? (fields.type === '5' ? 0o755 : 0o644), 100, 8);
  octal(block, entry?.uid ?? 0, 108, 8);
  octal(block, entry?.gid ?? 0, 116, 8);
  if (entry?.rawSizeField) entry.rawSizeField.copy(block, 124, 0, 12);
  else octal(block, fields.size, 124, 12);
  octal(block, entry?.mtime ?? 1700000000, 136, 12);
  block.fill(0x20, 148, 156);
  put(block, fields.type, 156, 1);
  if (entry?.linkname !== undefined) put(block, entry.linkname, 157, 100);
  put(block, 'ustar\0', 257, 6);
  put(block, '00', 263, 2);
  put(block, entry?.uname ?? 'root', 265, 32);
  put(block, entry?.gname ?? 'root', 297, 32);
  let sum = 0;
  for (const byte of block) sum += byte;
  if (entry?.badChecksum) sum += 1;
  put(block, `${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

function padded(data: Buffer): Buffer[] {
  const padding = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return padding ? [data, Buffer.alloc(padding)] : [data];
}

/** `"<length> key=value\n"` with the length counting itself. */
export function paxRecord(key: string, value: string | Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), Buffer.isBuffer(value) ? value : Buffer.from(value), Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

export function craftTar(entries: CraftedEntry[], options: { end?: boolean } = {}): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const name = Buffer.isBuffer(entry.name) ? entry.name : Buffer.from(entry.name, 'utf8');
    const content = entry.content === undefined ? Buffer.alloc(0) : Buffer.from(entry.content);
    const type = entry.type ?? (entry.content === undefined && name.toString().endsWith('/') ? '5' : '0');
    if (entry.pax) {
      const data = Buffer.concat(Object.entries(entry.pax).map(([key, value]) => paxRecord(key, value)));
      parts.push(header({ name: Buffer.from('PaxHeader'), type: 'x', size: data.length }), ...padded(data));
    }
    if (entry.gnuLongName) {
      const data = Buffer.concat([name, Buffer.alloc(1)]);
      parts.push(header({ name: Buffer.from('././@LongLink'), type: 'L', size: data.length }), ...padded(data));
    }
    if (entry.gnuLongLink && entry.linkname !== undefined) {
      const data = Buffer.concat([Buffer.from(entry.linkname), Buffer.alloc(1)]);
      parts.push(header({ name: Buffer.from('././@LongLink'), type: 'K', size: data.length }), ...padded(data));
    }
    parts.push(header({ name, type, size: entry.declaredSize ?? content.length, entry }));
    if (content.length) parts.push(...padded(content));
  }
  if (options.end !== false) parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
