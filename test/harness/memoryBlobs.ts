// Blobs served from memory through the service's own digest check, for unit tests of what reads
// layers (the network part is covered by the integration tests against a real registry).
import { Readable, pipeline } from 'node:stream';
import { computeDigest, VerifyingTransform } from '../../src/registry/digest';
import type { Descriptor, RegistryService, TransferOptions } from '../../src/registry/types';

export interface MemoryBlobs {
  client: RegistryService;
  /** openBlob calls so far. */
  requests: number;
  add(bytes: Buffer, mediaType: string): Descriptor;
}

export function memoryBlobs(options: { chunkSize?: number; delayMs?: number } = {}): MemoryBlobs {
  const blobs = new Map<string, Buffer>();
  const result: MemoryBlobs = {
    requests: 0,
    add(bytes, mediaType) {
      const digest = computeDigest(bytes);
      blobs.set(digest, bytes);
      return { mediaType, digest, size: bytes.length };
    },
    client: {
      async openBlob(_repository: string, descriptor: Pick<Descriptor, 'digest' | 'size'>, transfer: TransferOptions = {}) {
        result.requests++;
        const bytes = blobs.get(descriptor.digest);
        if (!bytes) throw new Error(`no blob ${descriptor.digest}`);
        const size = options.chunkSize ?? 64 * 1024;
        async function* chunks(): AsyncGenerator<Buffer> {
          for (let at = 0; at < bytes!.length; at += size) {
            if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
            transfer.signal?.throwIfAborted();
            yield bytes!.subarray(at, at + size);
          }
        }
        const verifier = new VerifyingTransform({
          digest: descriptor.digest,
          size: descriptor.size,
          onProgress: transfer.onProgress && ((transferred) => transfer.onProgress?.({ transferred, total: descriptor.size })),
        });
        pipeline(Readable.from(chunks()), verifier, () => undefined);
        return verifier;
      },
    } as unknown as RegistryService,
  };
  return result;
}
