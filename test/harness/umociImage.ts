// A multi-layer OCI image built with umoci from real folders (each layer from a fresh `umoci unpack`
// of the previous tag, so deletions become whiteouts), and a snapshot of a folder tree that serves as
// the oracle for a merged filesystem (`umoci unpack` of the same image).
import { createHash } from 'node:crypto';
import { chmod, link, lstat, mkdir, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand } from './runCommand';
import { deterministicBytes } from './fixtures';

export interface SnapshotNode {
  type: 'file' | 'directory' | 'symlink' | 'other';
  mode: number;
  uid: number;
  gid: number;
  size?: number;
  sha256?: string;
  linkTarget?: string;
}

/** Every path under `root` (not `root` itself) with its type, mode, owner, and a file's size and content hash. */
export async function snapshotTree(root: string): Promise<Map<string, SnapshotNode>> {
  const result = new Map<string, SnapshotNode>();
  const visit = async (relative: string): Promise<void> => {
    for (const name of await readdir(join(root, relative))) {
      const path = relative ? `${relative}/${name}` : name;
      const info = await lstat(join(root, path));
      const base = { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid };
      if (info.isDirectory()) {
        result.set(path, { type: 'directory', ...base });
        await visit(path);
      } else if (info.isSymbolicLink()) {
        result.set(path, { type: 'symlink', ...base, linkTarget: await readlink(join(root, path)) });
      } else if (info.isFile()) {
        const bytes = await readFile(join(root, path));
        result.set(path, { type: 'file', ...base, size: bytes.length, sha256: `sha256:${createHash('sha256').update(bytes).digest('hex')}` });
      } else {
        result.set(path, { type: 'other', ...base });
      }
    }
  };
  await visit('');
  return result;
}

const LONG_DIR = `long/${'segment-'.repeat(16)}`;
export const LAYERED_TAG = 'v3';

async function put(rootfs: string, path: string, content: string | Buffer, mode = 0o644): Promise<void> {
  await mkdir(join(rootfs, path, '..'), { recursive: true });
  await writeFile(join(rootfs, path), content);
  await chmod(join(rootfs, path), mode);
}

/**
 * An OCI layout at `layout` with tags v1, v2, v3 (one more layer each): files changed and deleted, a
 * directory replaced by a file and a file by a directory, a directory emptied and refilled, symlinks,
 * hard links, a setuid file, names past 100 bytes and non-ASCII names.
 */
export async function buildLayeredImage(work: string): Promise<string> {
  const layout = join(work, 'layout');
  const umoci = (...args: string[]) => runCommand('umoci', args, { timeoutMs: 120_000 });
  await umoci('init', '--layout', layout);
  await umoci('new', '--image', `${layout}:base`);
  const step = async (from: string, to: string, change: (rootfs: string) => Promise<void>): Promise<void> => {
    const bundle = join(work, `bundle-${to}`);
    await umoci('unpack', '--image', `${layout}:${from}`, bundle);
    await change(join(bundle, 'rootfs'));
    await umoci('repack', '--image', `${layout}:${to}`, bundle);
    await rm(bundle, { recursive: true, force: true });
  };
  await step('base', 'v1', async (rootfs) => {
    await put(rootfs, 'etc/config', 'version=1\n');
    await put(rootfs, 'etc/deleted', 'bye\n');
    await put(rootfs, 'etc/keep', 'kept\n');
    await put(rootfs, 'etc/secret', 'hush\n', 0o600);
    await put(rootfs, 'dir-to-file/inner/x', 'x\n');
    await put(rootfs, 'file-to-dir', 'a file for now\n');
    await put(rootfs, 'usr/lib/libx.so', deterministicBytes(70_000, 'libx'), 0o755);
    await put(rootfs, 'usr/bin/tool', '#!/bin/sh\necho tool\n', 0o755);
    await put(rootfs, 'usr/bin/su', 'setuid\n', 0o4755);
    await link(join(rootfs, 'usr/bin/tool'), join(rootfs, 'usr/bin/tool-link'));
    await symlink('usr/lib', join(rootfs, 'lib'));
    await put(rootfs, 'opq/a', 'a\n');
    await put(rootfs, 'opq/b', 'b\n');
    await put(rootfs, `${LONG_DIR}/file-with-a-long-path.txt`, 'long\n');
    await put(rootfs, 'données/日本語.txt', 'unicode\n');
    await put(rootfs, 'empty', '');
  });
  await step('v1', 'v2', async (rootfs) => {
    await put(rootfs, 'etc/config', 'version=2, longer now\n');
    await rm(join(rootfs, 'etc/deleted'));
    await rm(join(rootfs, 'dir-to-file'), { recursive: true });
    await put(rootfs, 'dir-to-file', 'now a file\n');
    await rm(join(rootfs, 'file-to-dir'));
    await put(rootfs, 'file-to-dir/child', 'child\n');
    await chmod(join(rootfs, 'etc/keep'), 0o640);
    await rm(join(rootfs, 'opq'), { recursive: true });
    await put(rootfs, 'opq/c', 'c\n');
    await symlink('config', join(rootfs, 'etc/alt'));
    await link(join(rootfs, 'usr/bin/tool'), join(rootfs, 'usr/bin/tool-link2'));
  });
  await step('v2', LAYERED_TAG, async (rootfs) => {
    await rm(join(rootfs, 'usr/lib'), { recursive: true });
    await put(rootfs, 'srv/notes.txt', 'first line\nfind the NEEDLE here\n');
  });
  return layout;
}
