// `copy`: an image, index or artifact to another repository or registry, blobs streamed (or mounted
// within one registry), manifests byte for byte, the tag last.
import { parseReference, referenceTarget } from '../../registry/reference';
import { copyImage } from '../../registry/transfers/copy';
import { TagConflictError } from '../../registry/transfers/tagManifest';
import { expectPositionals, isSet, UsageError } from '../args';
import { clientForReference, sourceForReference } from '../connect';
import { writeLine, type Command } from '../command';
import { DESTINATION_FLAGS, DESTINATION_HELP, destinationArgs, hasDestinationFlags } from '../destination';
import { progressLine } from '../progress';
import { CONCURRENCY_HELP, concurrency } from './image';
import { tagConflictHelp } from './tagConflict';

export const copyCommand: Command = {
  name: 'copy',
  usage: 'crx copy <src-ref> <dst-ref> [--referrers] [--force] [--concurrency n]',
  summary: 'copy an image, index or artifact with every blob and child manifest (digests unchanged); prints the digest',
  details: [
    '  <dst-ref> without a tag takes the source\'s tag; a source given by digest is then copied by digest only.',
    '  <src-ref> may be a local OCI layout as skopeo names it: oci:<folder>:<tag> or oci:<folder>@<digest>.',
    '  --referrers  copy the signatures, SBOMs and other referrers too (and theirs), pushed by digest',
    '  --force      move the destination tag even when it points at another manifest',
    CONCURRENCY_HELP,
    DESTINATION_HELP,
  ].join('\n'),
  flags: { referrers: { boolean: true }, force: { boolean: true }, concurrency: {}, ...DESTINATION_FLAGS },
  async run(args, io) {
    const [sourceText, destinationText] = expectPositionals(args, ['src-ref', 'dst-ref']);
    const blobsAtOnce = concurrency(args);
    const destinationRef = parseReference(destinationText);
    if (destinationRef.digest) throw new UsageError('<dst-ref> names a repository and optionally a tag; the digest stays the source\'s');
    const { client: source, ref: sourceRef } = await sourceForReference(sourceText, args, io);
    const sameRegistry = destinationRef.registry === sourceRef.registry;
    if (sameRegistry && hasDestinationFlags(args)) throw new UsageError('--dest-* options are for another registry; within one registry the source\'s options apply');
    const destination = sameRegistry ? source : (await clientForReference(destinationText, destinationArgs(args), io)).client;
    const tag = destinationRef.tag ?? sourceRef.tag ?? (sourceRef.digest ? undefined : 'latest');
    const progress = progressLine(io.stderr, 'copying');
    try {
      const result = await copyImage(
        { client: source, repository: sourceRef.repository, reference: referenceTarget(sourceRef) },
        { client: destination, repository: destinationRef.repository, tag },
        { referrers: isSet(args, 'referrers'), force: isSet(args, 'force'), concurrency: blobsAtOnce, signal: io.signal, onProgress: (event) => progress.update(event) },
      );
      progress.done();
      const { present, mounted, uploaded } = result.blobs;
      writeLine(io.stderr, `copied ${result.manifests} manifest(s)${result.referrers ? ` including ${result.referrers} referrer(s)` : ''}; blobs: ${uploaded} streamed, ${mounted} mounted, ${present} already there`);
      if (result.previous) writeLine(io.stderr, `moved the tag from ${result.previous}`);
      writeLine(io.stdout, result.digest);
    } catch (error) {
      progress.done();
      throw error instanceof TagConflictError ? tagConflictHelp(error) : error;
    }
  },
};
