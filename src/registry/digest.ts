// Content digests (OCI image-spec descriptor.md "Digests"): computing, parsing, and verifying while streaming.
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { DigestMismatchError, ReferenceSyntaxError, SizeMismatchError } from './errors';

export type DigestAlgorithm = 'sha256' | 'sha512';

const HEX_LENGTH: Record<DigestAlgorithm, number> = { sha256: 64, sha512: 128 };

/** Every digest this client accepts, as a pattern; the JSON schemas in schemas/ use exactly this string. */
export const DIGEST_PATTERN = '^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$';
const DIGEST = new RegExp(DIGEST_PATTERN);

export interface ParsedDigest {
  algorithm: DigestAlgorithm;
  hex: string;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** Splits `algorithm:hex`; only sha256 (64 hex) and sha512 (128 hex), lower-case hex, are accepted. */
export function parseDigest(digest: string): ParsedDigest {
  if (typeof digest !== 'string') throw new ReferenceSyntaxError('invalid digest: not a string');
  const colon = digest.indexOf(':');
  if (colon < 0) throw new ReferenceSyntaxError(`invalid digest "${shorten(digest)}": expected algorithm:hex, e.g. sha256:<64 hex digits>`);
  const algorithm = digest.slice(0, colon);
  const hex = digest.slice(colon + 1);
  if (algorithm !== 'sha256' && algorithm !== 'sha512') {
    throw new ReferenceSyntaxError(`invalid digest "${shorten(digest)}": unsupported algorithm "${shorten(algorithm)}" (sha256 or sha512)`);
  }
  const expected = HEX_LENGTH[algorithm];
  if (hex.length !== expected || !/^[0-9a-f]+$/.test(hex)) {
    throw new ReferenceSyntaxError(`invalid digest "${shorten(digest)}": ${algorithm} needs exactly ${expected} lower-case hex digits`);
  }
  return { algorithm, hex };
}

export function isValidDigest(digest: unknown): boolean {
  return typeof digest === 'string' && DIGEST.test(digest);
}

export function computeDigest(bytes: Uint8Array, algorithm: DigestAlgorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

export interface Digester {
  readonly algorithm: DigestAlgorithm;
  update(chunk: Uint8Array): void;
  /** `algorithm:hex`; call once. */
  digest(): string;
}

export function createDigester(algorithm: DigestAlgorithm = 'sha256'): Digester {
  const hash: Hash = createHash(algorithm);
  return {
    algorithm,
    update: (chunk) => {
      hash.update(chunk);
    },
    digest: () => `${algorithm}:${hash.digest('hex')}`,
  };
}

export interface VerifyOptions {
  /** `algorithm:hex` the content must hash to. */
  digest: string;
  /** Exact byte count expected; when given, exceeding it fails at once. */
  size?: number;
  /** Called with the running byte count (including bytes given to `absorb`). */
  onProgress?: (transferred: number) => void;
  /** False when the caller hashes the bytes elsewhere and checks the digest itself: only sizes are checked here. */
  hash?: boolean;
}

/**
 * Passes bytes through unchanged while counting and hashing them. Fails with SizeMismatchError as soon
 * as more than `size` bytes arrive, and at the end with SizeMismatchError or DigestMismatchError, so a
 * consumer that only commits on 'finish' never keeps wrong content.
 */
export class VerifyingTransform extends Transform {
  private readonly expectedDigest: string;
  private readonly expectedSize?: number;
  private readonly digester?: Digester;
  private readonly onProgress?: (transferred: number) => void;
  private count = 0;

  constructor(options: VerifyOptions) {
    super();
    const { algorithm } = parseDigest(options.digest);
    if (options.size !== undefined && (!Number.isSafeInteger(options.size) || options.size < 0)) {
      throw new SizeMismatchError(`invalid expected size ${String(options.size)}: must be a non-negative integer`);
    }
    this.expectedDigest = options.digest;
    this.expectedSize = options.size;
    if (options.hash !== false) this.digester = createDigester(algorithm);
    this.onProgress = options.onProgress;
  }

  get bytesSeen(): number {
    return this.count;
  }

  /**
   * Counts bytes that are NOT passed downstream and are hashed elsewhere (`hash: false`), e.g. the
   * part of a file already on disk before a resumed download continues with a Range request.
   */
  absorb(length: number): void {
    this.count += length;
    if (this.expectedSize !== undefined && this.count > this.expectedSize) {
      throw new SizeMismatchError(`already have ${this.count} bytes, more than the expected ${this.expectedSize} for ${this.expectedDigest}`, {
        expected: this.expectedSize,
        actual: this.count,
      });
    }
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.count += chunk.length;
    if (this.expectedSize !== undefined && this.count > this.expectedSize) {
      callback(
        new SizeMismatchError(`received more than the expected ${this.expectedSize} bytes for ${this.expectedDigest}`, {
          expected: this.expectedSize,
          actual: this.count,
        }),
      );
      return;
    }
    this.digester?.update(chunk);
    this.onProgress?.(this.count);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.expectedSize !== undefined && this.count !== this.expectedSize) {
      callback(
        new SizeMismatchError(`received ${this.count} bytes but expected ${this.expectedSize} for ${this.expectedDigest}`, {
          expected: this.expectedSize,
          actual: this.count,
        }),
      );
      return;
    }
    const actual = this.digester?.digest() ?? this.expectedDigest;
    if (actual !== this.expectedDigest) {
      callback(
        new DigestMismatchError(`content digest ${actual} does not match the expected ${this.expectedDigest}`, {
          expected: this.expectedDigest,
          actual,
        }),
      );
      return;
    }
    callback();
  }
}
