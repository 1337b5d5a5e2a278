// `files` (an image's merged filesystem, or one layer's entries like `tar -tv`) and `cat` (one file's bytes).
import { pipeline } from 'node:stream/promises';
import type { ImageManifest } from '../../registry/types';
import type { FileNode, LayerEntry } from '../../registry/imagefs/api';
import { openImageFiles } from '../../registry/imagefs/imageFiles';
import { normaliseName } from '../../registry/imagefs/entryPath';
import { NotFoundError } from '../../registry/errors';
import { expectPositionals, flag, isSet, UsageError, type ParsedArgs } from '../args';
import { sourceForReference, type CliIo } from '../connect';
import { writeLine, type Command } from '../command';
import { progressLine } from '../progress';
import { IMAGE_SOURCE_FLAGS, IMAGE_SOURCE_HELP, imageManifest, withLayerStore } from '../imageSource';

function permissions(type: FileNode['type'], mode: number): string {
  const kind = { file: '-', directory: 'd', symlink: 'l', hardlink: 'h', charDevice: 'c', blockDevice: 'b', fifo: 'p' }[type];
  const bit = (on: number, c: string): string => (mode & on ? c : '-');
  const exec = (x: number, special: number, set: string): string => (mode & special ? (mode & x ? set : set.toUpperCase()) : bit(x, 'x'));
  return kind + bit(0o400, 'r') + bit(0o200, 'w') + exec(0o100, 0o4000, 's') + bit(0o40, 'r') + bit(0o20, 'w') + exec(0o10, 0o2000, 's')
    + bit(0o4, 'r') + bit(0o2, 'w') + exec(0o1, 0o1000, 't');
}

function time(ms: number | undefined): string {
  return ms === undefined ? '-               ' : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function describeLine(node: FileNode | LayerEntry, long: boolean): string {
  const entry = node as LayerEntry;
  let name = node.path === '' ? '/' : node.path;
  if (entry.whiteout === 'opaque') name = `${name}/ (opaque whiteout: hides what lower layers put here)`;
  else if (entry.whiteout === 'file') name = `${name} (whiteout: deleted)`;
  else if (node.type === 'directory') name += '/';
  if (node.type === 'symlink') name += ` -> ${node.linkTarget}`;
  if (node.type === 'hardlink') name += ` link to ${node.linkTarget}`;
  if (node.warning) name += `  [${node.warning}]`;
  if (!long) return name;
  const owner = `${entry.uname ?? node.uid}/${entry.gname ?? node.gid}`;
  return `${permissions(node.type, node.mode)} ${owner.padEnd(13)} ${String(node.size).padStart(10)} ${time(node.mtime)} ${name}`;
}

function under(path: string, prefix: string): boolean {
  return prefix === '' || path === prefix || path.startsWith(`${prefix}/`);
}

/** `--layer` as a 1-based position or a digest (or its first 12+ hex digits). */
function layerIndex(args: ParsedArgs, layers: ImageManifest['layers']): number | undefined {
  const value = flag(args, 'layer');
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n < 1 || n > layers.length) throw new UsageError(`--layer ${value}: the image has layers 1 to ${layers.length}`);
    return n - 1;
  }
  const hex = value.replace(/^sha256:/, '');
  const matches = layers.map((d, i) => [d.digest.replace(/^sha256:/, ''), i] as const).filter(([digest]) => hex.length >= 12 && digest.startsWith(hex));
  if (matches.length !== 1) throw new UsageError(`--layer ${value}: give a layer number (1 to ${layers.length}) or a digest of one of its layers`);
  return matches[0][1];
}

export const filesCommand: Command = {
  name: 'files',
  usage: 'crx files <ref> [path] [--layer <n|digest>] [--long] [--platform os/arch] [--no-cache]',
  summary: 'list the files of an image (its layers merged) or of one layer',
  details: [
    '  path               list only this file or folder and what is under it',
    '  --layer n|digest   one layer\'s entries as stored, whiteouts included (1 = the base layer)',
    '  --long, -l         mode, owner, size and time, like tar -tv',
    IMAGE_SOURCE_HELP,
  ].join('\n'),
  flags: { ...IMAGE_SOURCE_FLAGS, layer: {}, long: { boolean: true, short: 'l' } },
  async run(args, io) {
    if (args.positionals.length < 1 || args.positionals.length > 2) throw new UsageError(`expected <ref> [path], got ${args.positionals.length} argument(s)`);
    const [text, rawPath = ''] = args.positionals;
    const prefix = normaliseName(rawPath).path;
    const long = isSet(args, 'long');
    const { client, ref } = await sourceForReference(text, args, io);
    const fetched = await imageManifest(client, ref, args, io);
    const layers = (fetched.manifest as ImageManifest).layers ?? [];
    const only = layerIndex(args, layers);
    const progress = progressLine(io.stderr, only === undefined ? `${layers.length} layers` : `layer ${only + 1}/${layers.length}`);
    await withLayerStore(args, io, async (store) => {
      let shown = 0;
      if (only !== undefined) {
        const layer = await store.layer(client, ref.repository, layers[only], { signal: io.signal, onProgress: (e) => progress.update(e) });
        progress.done();
        for (const entry of layer.entries) if (under(entry.path, prefix)) shown += writeOut(io, describeLine(entry, long));
      } else {
        const files = await openImageFiles(client, ref.repository, fetched, store, { signal: io.signal, onProgress: (p) => progress.update(p) });
        progress.done();
        for (const node of files.walk()) if (under(node.path, prefix)) shown += writeOut(io, describeLine(node, long));
      }
      if (prefix !== '' && shown === 0) throw new NotFoundError(`${rawPath} is not in ${only === undefined ? 'the image' : `layer ${only + 1}`}`);
    });
  },
};

function writeOut(io: CliIo, line: string): number {
  writeLine(io.stdout, line);
  return 1;
}

export const catCommand: Command = {
  name: 'cat',
  usage: 'crx cat <ref> <path> [--platform os/arch] [--no-cache]',
  summary: 'print one file of an image to standard output (bytes as they are)',
  details: ['  Symbolic links are followed inside the image.', IMAGE_SOURCE_HELP].join('\n'),
  flags: IMAGE_SOURCE_FLAGS,
  async run(args, io) {
    const [text, path] = expectPositionals(args, ['ref', 'path']);
    const { client, ref } = await sourceForReference(text, args, io);
    const fetched = await imageManifest(client, ref, args, io);
    const layerCount = ((fetched.manifest as ImageManifest).layers ?? []).length;
    const progress = progressLine(io.stderr, `${layerCount} layers`);
    await withLayerStore(args, io, async (store) => {
      const files = await openImageFiles(client, ref.repository, fetched, store, { signal: io.signal, onProgress: (p) => progress.update(p) });
      progress.done();
      const content = await files.openFile(path, { signal: io.signal });
      await pipeline(content, io.stdout, { end: false, signal: io.signal });
    });
  },
};
