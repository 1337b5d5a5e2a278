// Hashing a local file (an upload's source, a blob a layout already holds). Cancelling ends in
// AbortedError, as a cancel during a request does, not in the stream's own AbortError.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AbortedError } from '../errors';

export async function digestOfFile(path: string, algorithm: 'sha256' | 'sha512', signal: AbortSignal | undefined, what: string): Promise<string> {
  const hash = createHash(algorithm);
  try {
    for await (const chunk of createReadStream(path, { signal }) as AsyncIterable<Buffer>) hash.update(chunk);
  } catch (error) {
    if (signal?.aborted) throw new AbortedError(`${what} cancelled`);
    throw error;
  }
  return `${algorithm}:${hash.digest('hex')}`;
}
