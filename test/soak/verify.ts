// Independent checks of what the transfers left on disk: digests computed here with node:crypto, OCI
// layouts walked by hand, and a sweep for temp files that should not have survived.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export async function fileDigest(path: string): Promise<{ digest: string; size: number } | undefined> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Temp files of downloads and atomic writes (`*.partial`, `*.tmp`) anywhere under `dir`. */
export async function findLeftovers(dir: string): Promise<string[]> {
  return (await listFiles(dir)).filter((path) => /\.(partial|tmp)$/.test(path));
}

export interface ExpectedLayout {
  root: string;
  content: { digest: string; size: number }[];
}

/**
 * Problems with an OCI layout: any blob whose bytes do not hash to its name, and, when `expected` is
 * given (the pull succeeded), a missing root in index.json or a missing blob of the image.
 */
export async function checkLayout(dir: string, expected?: ExpectedLayout): Promise<string[]> {
  const problems: string[] = [];
  const present = new Map<string, number>();
  for (const path of await listFiles(join(dir, 'blobs'))) {
    if (/\.(partial|tmp)$/.test(path)) continue; // reported by the leftover sweep
    const match = /blobs\/(sha256|sha512)\/([0-9a-f]+)$/.exec(path);
    const actual = await fileDigest(path);
    if (!match || !actual || actual.digest !== `${match[1]}:${match[2]}`) {
      problems.push(`${path} does not hash to its name (${actual?.digest ?? 'unreadable'})`);
      continue;
    }
    present.set(actual.digest, actual.size);
  }
  if (!expected) return problems;
  let index: { manifests?: { digest?: string }[] } = {};
  try {
    index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as typeof index;
  } catch (error) {
    problems.push(`${dir}/index.json is missing or not JSON: ${(error as Error).message}`);
  }
  if (!index.manifests?.some((d) => d.digest === expected.root)) problems.push(`${dir}/index.json does not name ${expected.root}`);
  for (const blob of expected.content) {
    if (present.get(blob.digest) !== blob.size) problems.push(`${dir} lacks ${blob.digest} (${blob.size} bytes)`);
  }
  return problems;
}
