// Random (incompressible, like a gzip layer) files for the bench, written and hashed in one pass.
import { createHash, randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';

export async function makeBlob(path, mib) {
  const hash = createHash('sha256');
  const file = await open(path, 'w');
  try {
    for (let i = 0; i < mib; i++) {
      const chunk = randomBytes(1024 * 1024);
      hash.update(chunk);
      await file.write(chunk);
    }
  } finally {
    await file.close();
  }
  return { digest: `sha256:${hash.digest('hex')}`, size: mib * 1024 * 1024 };
}
