// `pull` into an OCI image layout and `push` from one.
import { pullImage, pushImage } from '../../registry/transfers/image';
import { DEFAULT_TRANSFER_CONCURRENCY, MAX_TRANSFER_CONCURRENCY } from '../../registry/transfers/bounded';
import { referenceTarget } from '../../registry/reference';
import { expectPositionals, flag, isSet, UsageError, type ParsedArgs } from '../args';
import { clientForReference, sourceForReference } from '../connect';
import { writeLine, type Command } from '../command';

export const CONCURRENCY_HELP = `  --concurrency n    blobs moved at once (default ${DEFAULT_TRANSFER_CONCURRENCY}, at most ${MAX_TRANSFER_CONCURRENCY})`;

export function concurrency(args: ParsedArgs): number | undefined {
  const value = flag(args, 'concurrency');
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_TRANSFER_CONCURRENCY) throw new UsageError(`--concurrency must be an integer from 1 to ${MAX_TRANSFER_CONCURRENCY}`);
  return n;
}

export const pullCommand: Command = {
  name: 'pull',
  usage: 'crx pull <ref> <layout-dir> [--platform os/arch[/variant] | --all] [--oci-media-types] [--concurrency n]',
  summary: 'download an image (every blob verified) into an OCI image layout; prints the digest',
  details: [
    '  Manifests are kept byte for byte, so digests match the registry. Docker media types stay Docker types;',
    '  skopeo (oci:) and umoci read OCI media types only:',
    '  --oci-media-types  rewrite Docker manifests and lists with OCI media types (new digests; blobs unchanged)',
    CONCURRENCY_HELP,
  ].join('\n'),
  flags: { platform: {}, all: { boolean: true }, 'oci-media-types': { boolean: true }, concurrency: {} },
  async run(args, io) {
    const [text, dir] = expectPositionals(args, ['ref', 'layout-dir']);
    const platform = flag(args, 'platform');
    if (platform && isSet(args, 'all')) throw new UsageError('--platform and --all exclude each other');
    if (platform && !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform)) throw new UsageError(`--platform "${platform}": expected os/arch[/variant]`);
    const blobsAtOnce = concurrency(args);
    const { client, ref } = await sourceForReference(text, args, io);
    const result = await pullImage(client, ref.repository, referenceTarget(ref), dir, {
      platform, all: isSet(args, 'all'), ociMediaTypes: isSet(args, 'oci-media-types'), concurrency: blobsAtOnce, signal: io.signal,
    });
    if (result.dockerMediaTypes) {
      writeLine(io.stderr, 'note: the layout keeps the registry\'s Docker media types byte for byte; skopeo (oci:) and umoci need OCI media types: pull with --oci-media-types to convert');
    } else if (result.sourceDigest !== result.root.digest) {
      writeLine(io.stderr, `converted to OCI media types: the layout's digest is ${result.root.digest} (the registry's is ${result.sourceDigest})`);
    }
    writeLine(io.stdout, result.root.digest);
  },
};

export const pushCommand: Command = {
  name: 'push',
  usage: 'crx push <layout-dir> <ref> [--ref-name name] [--concurrency n]',
  summary: 'upload an image or index from an OCI image layout; prints the digest',
  details: [
    '  --ref-name         which entry of index.json to push (default: the one named like the tag, or the only one)',
    CONCURRENCY_HELP,
  ].join('\n'),
  flags: { 'ref-name': {}, concurrency: {} },
  async run(args, io) {
    const [dir, text] = expectPositionals(args, ['layout-dir', 'ref']);
    const blobsAtOnce = concurrency(args);
    const { client, ref } = await clientForReference(text, args, io);
    if (ref.digest) throw new UsageError('push to a tag, or to a repository without tag to push by digest');
    const result = await pushImage(client, dir, ref.repository, ref.tag, { refName: flag(args, 'ref-name'), concurrency: blobsAtOnce, signal: io.signal });
    writeLine(io.stdout, result.digest);
  },
};
