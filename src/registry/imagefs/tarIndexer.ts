// Reads a tar stream as it passes through, without holding more than one header (or one bounded
// extended header) in memory: lists every entry, notes where each file's content starts and hashes it.
// The bytes pass on unchanged, so the same stream can be written to disk.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { RegistryError, TooLargeError } from '../errors';
import { BLOCK, checksumMatches, isZeroBlock, parseHeader, parsePax, type RawHeader } from './tarHeader';
import { hasData, toEntry, type Extensions, type IndexedEntry } from './tarEntry';

/** PAX and GNU long-name headers above this are skipped (real ones hold a few hundred bytes). */
export const MAX_EXTENDED_HEADER = 1024 * 1024;
/** More entries than any real layer has; the index of each is kept in memory. */
export const MAX_ENTRIES = 2_000_000;

type State =
  | { kind: 'header' }
  | { kind: 'data'; left: number; padding: number; collect?: { typeflag: string; buffer: Buffer; filled: number }; hash?: Hash; entry?: IndexedEntry }
  | { kind: 'padding'; left: number }
  | { kind: 'end' };

export class TarIndexer extends Transform {
  readonly entries: IndexedEntry[] = [];
  /** Bytes of tar read so far. */
  position = 0;
  private state: State = { kind: 'header' };
  private readonly header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  private zeroBlocks = 0;
  private ext: Extensions = { warnings: [] };
  private global?: Map<string, Buffer>;
  private readonly lastByKey = new Map<string, number>();

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(chunk);
      done(null, chunk);
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    const state = this.state;
    if (state.kind === 'data' && state.entry && state.entry.entry.type === 'file') {
      const { entry } = state.entry;
      const got = entry.size - state.left;
      entry.warning = [entry.warning, `the layer ends ${got} bytes into its ${entry.size} bytes`].filter(Boolean).join('; ');
      delete entry.contentDigest;
      state.entry.offset = -1;
      state.entry.applies = false;
    }
    done();
  }

  private consume(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const state = this.state;
      const available = chunk.length - at;
      if (state.kind === 'end') {
        this.position += available;
        return;
      }
      if (state.kind === 'header') {
        const n = Math.min(BLOCK - this.headerFill, available);
        chunk.copy(this.header, this.headerFill, at, at + n);
        this.headerFill += n;
        at += n;
        this.position += n;
        if (this.headerFill === BLOCK) {
          this.headerFill = 0;
          this.onHeader();
        }
        continue;
      }
      const n = Math.min(state.left, available);
      if (state.kind === 'data') {
        const piece = chunk.subarray(at, at + n);
        state.hash?.update(piece);
        if (state.collect) {
          piece.copy(state.collect.buffer, state.collect.filled);
          state.collect.filled += n;
        }
      }
      state.left -= n;
      at += n;
      this.position += n;
      if (state.left === 0) {
        if (state.kind === 'data') this.endData(state);
        else this.state = { kind: 'header' };
      }
    }
  }

  private endData(state: Extract<State, { kind: 'data' }>): void {
    if (state.hash && state.entry) state.entry.entry.contentDigest = `sha256:${state.hash.digest('hex')}`;
    if (state.collect) this.onExtension(state.collect.typeflag, state.collect.buffer);
    this.state = state.padding ? { kind: 'padding', left: state.padding } : { kind: 'header' };
  }

  private onHeader(): void {
    const block = this.header;
    if (isZeroBlock(block)) {
      if (++this.zeroBlocks >= 2) this.state = { kind: 'end' };
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumMatches(block)) {
      throw new RegistryError(`the layer is not a valid tar: the header at byte ${this.position - BLOCK} is damaged (its checksum does not match)`);
    }
    const raw = parseHeader(block);
    if (raw.size === undefined) {
      this.addEntry(raw, 0, 'its size field is not a number; the rest of the layer cannot be listed');
      this.state = { kind: 'end' };
      return;
    }
    if ('xgLK'.includes(raw.typeflag)) {
      const size = raw.size;
      const collect = size <= MAX_EXTENDED_HEADER ? { typeflag: raw.typeflag, buffer: Buffer.alloc(size), filled: 0 } : undefined;
      if (!collect) this.ext.warnings.push('an extended header above 1 MiB was ignored');
      this.startData(size, collect);
      return;
    }
    const paxSize = this.ext.pax?.get('size');
    const size = paxSize !== undefined && /^[0-9]{1,16}$/.test(paxSize.toString('latin1')) ? Number(paxSize.toString('latin1')) : raw.size;
    const dataSize = hasData(raw.typeflag) ? size : 0;
    const indexed = this.addEntry(raw, dataSize);
    const hashed = indexed?.entry.type === 'file' ? indexed : undefined;
    if (hashed) hashed.offset = this.position;
    this.startData(dataSize, undefined, hashed);
  }

  private startData(size: number, collect?: { typeflag: string; buffer: Buffer; filled: number }, entry?: IndexedEntry): void {
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) {
      if (entry) entry.entry.contentDigest = `sha256:${createHash('sha256').digest('hex')}`;
      if (collect) this.onExtension(collect.typeflag, collect.buffer);
      this.state = { kind: 'header' };
      return;
    }
    this.state = { kind: 'data', left: size, padding, collect, entry, hash: entry ? createHash('sha256') : undefined };
  }

  private onExtension(typeflag: string, data: Buffer): void {
    if (typeflag === 'L' || typeflag === 'K') {
      const end = data.indexOf(0);
      const name = end === -1 ? data : data.subarray(0, end);
      if (typeflag === 'L') this.ext.longName = name;
      else this.ext.longLink = name;
      return;
    }
    const records = parsePax(data);
    if (records.malformed) this.ext.warnings.push('a malformed extended header was partly ignored');
    if (typeflag === 'x') {
      this.ext.pax = records.values;
      return;
    }
    // Global records: only the owner and time fields make sense for every later entry.
    const kept = new Map([...this.global ?? [], ...[...records.values].filter(([key]) => ['uid', 'gid', 'uname', 'gname', 'mtime'].includes(key))]);
    this.global = kept;
  }

  private addEntry(raw: RawHeader, size: number, problem?: string): IndexedEntry | undefined {
    const ext = { ...this.ext, global: this.global, warnings: problem ? [...this.ext.warnings, problem] : this.ext.warnings };
    this.ext = { warnings: [] };
    const made = toEntry(raw, ext, size);
    if (!made) return undefined;
    if (this.entries.length >= MAX_ENTRIES) throw new TooLargeError(`the layer has more than ${MAX_ENTRIES} entries; refusing to index it`);
    const indexed: IndexedEntry = { entry: made.entry, offset: -1, applies: made.applies && !problem };
    const key = `${made.entry.whiteout ?? ''}:${made.entry.path}`;
    const earlier = this.lastByKey.get(key);
    if (earlier !== undefined) {
      const replaced = this.entries[earlier];
      replaced.applies = false;
      replaced.entry.warning = [replaced.entry.warning, 'replaced by a later entry with the same name'].filter(Boolean).join('; ');
    }
    this.lastByKey.set(key, this.entries.length);
    this.entries.push(indexed);
    return indexed;
  }
}
