// Which decoder a layer needs: chosen by its media type, then checked against the first bytes, so a
// mislabelled blob gets a clear message instead of a decoder's "incorrect header check".
import * as zlib from 'node:zlib';
import { Transform, type TransformCallback } from 'node:stream';
import { RegistryError, TooLargeError, UnsupportedError } from '../errors';
import { formatBytes } from '../byteSize';
import { normalizeMediaType } from '../mediaTypes';

export type Compression = 'gzip' | 'zstd' | 'none';

const LAYER_TYPES: Record<string, Compression> = {
  'application/vnd.oci.image.layer.v1.tar': 'none',
  'application/vnd.oci.image.layer.v1.tar+gzip': 'gzip',
  'application/vnd.oci.image.layer.v1.tar+zstd': 'zstd',
  'application/vnd.docker.image.rootfs.diff.tar.gzip': 'gzip',
  'application/vnd.docker.image.rootfs.diff.tar': 'none',
};

const NOT_HERE = /nondistributable|foreign/;

/** The compression of a layer's media type; UnsupportedError naming the type when it is not a layer this reads. */
export function compressionOf(mediaType: string): Compression {
  const type = normalizeMediaType(mediaType) ?? '';
  const known = LAYER_TYPES[type];
  if (known) return known;
  if (NOT_HERE.test(type)) {
    throw new UnsupportedError(`the layer's type ${JSON.stringify(mediaType)} marks a foreign (non-distributable) layer: its content is not kept in this registry`);
  }
  throw new UnsupportedError(`the layer's type ${JSON.stringify(mediaType)} is not a tar layer this can read (plain, gzip or zstd tar)`);
}

function sniff(bytes: Buffer): Compression | 'unknown' {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd) return 'zstd';
  return 'unknown';
}

/** Holds back the first bytes until they show the expected format, then passes everything on. */
export class MagicCheck extends Transform {
  private head: Buffer[] = [];
  private held = 0;
  private checked = false;

  constructor(private readonly expected: Compression, private readonly mediaType: string) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.checked) return done(null, chunk);
    this.head.push(chunk);
    this.held += chunk.length;
    if (this.held < 4) return done();
    this.release(done);
  }

  override _flush(done: TransformCallback): void {
    if (!this.checked) return this.release(done);
    done();
  }

  private release(done: TransformCallback): void {
    const bytes = Buffer.concat(this.head);
    this.head = [];
    this.checked = true;
    const found = sniff(bytes);
    const wanted = this.expected === 'none' ? 'unknown' : this.expected;
    if (bytes.length > 0 && found !== wanted) {
      const what = found === 'unknown' ? 'neither gzip nor zstd' : found;
      const said = this.expected === 'none' ? 'an uncompressed tar' : this.expected;
      return done(new RegistryError(`the layer's type ${JSON.stringify(this.mediaType)} says ${said}, but its bytes are ${what}`));
    }
    done(null, bytes);
  }
}

/** Fails with TooLargeError once more than `limit` bytes have passed (a compression bomb stops here). */
export class ExpansionCap extends Transform {
  private passed = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.passed += chunk.length;
    if (this.passed > this.limit) {
      return done(new TooLargeError(`the layer expands to more than ${formatBytes(this.limit)} (the limit on a layer's uncompressed size); it was not kept`));
    }
    done(null, chunk);
  }
}

type ZstdFactory = () => Transform;

/** The decoder stream for `compression`; a pass-through for plain tar. */
export function decoderFor(compression: Compression): Transform {
  if (compression === 'gzip') return zlib.createGunzip();
  if (compression === 'zstd') {
    const create = (zlib as unknown as { createZstdDecompress?: ZstdFactory }).createZstdDecompress;
    if (!create) throw new UnsupportedError(`zstd layers need Node 22.15 or later to decompress (this is Node ${process.versions.node})`);
    return create();
  }
  return new Transform({ transform: (chunk, _encoding, done) => done(null, chunk) });
}
