// `tag`: another tag on a stored manifest, its exact bytes, no blob moved.
import { isDigest, validateTag } from '../../registry/reference';
import { TagConflictError, tagManifest } from '../../registry/transfers/tagManifest';
import { expectPositionals, isSet, UsageError } from '../args';
import { clientForReference } from '../connect';
import { writeLine, type Command } from '../command';
import { tagConflictHelp } from './tagConflict';

export const tagCommand: Command = {
  name: 'tag',
  usage: 'crx tag <ref> <new-tag> [--force]',
  summary: 'put another tag on a manifest (same bytes, same digest, no blob moves); prints the digest',
  details: '  --force  move <new-tag> even when it points at another manifest (without it, that is refused, naming both digests)',
  flags: { force: { boolean: true } },
  async run(args, io) {
    const [text, tag] = expectPositionals(args, ['ref', 'new-tag']);
    if (isDigest(tag)) throw new UsageError(`<new-tag> must be a tag, not a digest`);
    validateTag(tag);
    const { client, ref } = await clientForReference(text, args, io);
    const digest = ref.digest ?? (await client.getManifest(ref.repository, ref.tag ?? 'latest', { signal: io.signal })).digest;
    try {
      const result = await tagManifest(client, ref.repository, digest, tag, { force: isSet(args, 'force'), signal: io.signal });
      if (result.unchanged) writeLine(io.stderr, `${ref.repository}:${tag} already points at ${digest}`);
      else if (result.previous) writeLine(io.stderr, `moved ${ref.repository}:${tag} from ${result.previous}`);
      writeLine(io.stdout, result.digest);
    } catch (error) {
      throw error instanceof TagConflictError ? tagConflictHelp(error) : error;
    }
  },
};
