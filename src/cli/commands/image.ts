// `pull` into an OCI image layout and `push` from one.
import { pullImage, pushImage } from '../../registry/transfers/image';
import { referenceTarget } from '../../registry/reference';
import { expectPositionals, flag, isSet, UsageError } from '../args';
import { clientForReference } from '../connect';
import { writeLine, type Command } from '../command';

export const pullCommand: Command = {
  name: 'pull',
  usage: 'crx pull <ref> <layout-dir> [--platform os/arch[/variant] | --all] [--oci-media-types]',
  summary: 'download an image (every blob verified) into an OCI image layout; prints the digest',
  details: [
    '  Manifests are kept byte for byte, so digests match the registry. Docker media types stay Docker types;',
    '  skopeo (oci:) and umoci read OCI media types only:',
    '  --oci-media-types  rewrite Docker manifests and lists with OCI media types (new digests; blobs unchanged)',
  ].join('\n'),
  flags: { platform: {}, all: { boolean: true }, 'oci-media-types': { boolean: true } },
  async run(args, io) {
    const [text, dir] = expectPositionals(args, ['ref', 'layout-dir']);
    const platform = flag(args, 'platform');
    if (platform && isSet(args, 'all')) throw new UsageError('--platform and --all exclude each other');
    if (platform && !/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/.test(platform)) throw new UsageError(`--platform "${platform}": expected os/arch[/variant]`);
    const { client, ref } = await clientForReference(text, args, io);
    const result = await pullImage(client, ref.repository, referenceTarget(ref), dir, {
      platform, all: isSet(args, 'all'), ociMediaTypes: isSet(args, 'oci-media-types'), signal: io.signal,
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
  usage: 'crx push <layout-dir> <ref> [--ref-name name]',
  summary: 'upload an image or index from an OCI image layout; prints the digest',
  details: '  --ref-name  which entry of index.json to push (default: the one named like the tag, or the only one)',
  flags: { 'ref-name': {} },
  async run(args, io) {
    const [dir, text] = expectPositionals(args, ['layout-dir', 'ref']);
    const { client, ref } = await clientForReference(text, args, io);
    if (ref.digest) throw new UsageError('push to a tag, or to a repository without tag to push by digest');
    const result = await pushImage(client, dir, ref.repository, ref.tag, { refName: flag(args, 'ref-name'), signal: io.signal });
    writeLine(io.stdout, result.digest);
  },
};
