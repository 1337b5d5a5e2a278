// `blob` (download, verified) and `push-blob`.
import { stat } from 'node:fs/promises';
import { expectPositionals, flag, UsageError } from '../args';
import { sourceForReference } from '../connect';
import { writeLine, type Command } from '../command';

export const blobCommand: Command = {
  name: 'blob',
  usage: 'crx blob <repository@digest> -o <file> [--size n]',
  summary: 'download a blob to a file; size and digest are verified before the file appears',
  flags: { output: { short: 'o' }, size: {} },
  async run(args, io) {
    const [text] = expectPositionals(args, ['repository@digest']);
    const output = flag(args, 'output');
    if (!output) throw new UsageError('-o <file> is required');
    const { client, ref } = await sourceForReference(text, args, io);
    if (!ref.digest) throw new UsageError('blob needs a digest: <repository>@sha256:…');
    const size = flag(args, 'size') === undefined ? undefined : Number(flag(args, 'size'));
    if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) throw new UsageError('--size must be a non-negative integer');
    // Checked first: the download would otherwise run to the end only to fail when it takes the name.
    if ((await stat(output).catch(() => undefined))?.isDirectory()) throw new UsageError(`-o ${output} is a folder: name the file to write`);
    // Without --size the registry's Content-Length is checked (or the digest alone when it sends none).
    await client.downloadBlob(ref.repository, { digest: ref.digest, size }, output, { signal: io.signal });
    writeLine(io.stderr, `wrote ${(await stat(output)).size} bytes to ${output}`);
  },
};

export const pushBlobCommand: Command = {
  name: 'push-blob',
  usage: 'crx push-blob <registry/repository> <file> [--mount-from repo]',
  summary: 'upload a file as a blob; prints its digest',
  flags: { 'mount-from': {} },
  async run(args, io) {
    const [text, file] = expectPositionals(args, ['repository', 'file']);
    const { client, ref } = await sourceForReference(text, args, io);
    await stat(file);
    const descriptor = await client.uploadBlob(ref.repository, { filePath: file }, { mountFrom: flag(args, 'mount-from'), signal: io.signal });
    writeLine(io.stdout, descriptor.digest);
  },
};
