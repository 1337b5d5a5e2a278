// Azure Container Registry's own metadata: `properties`, `lock`, `unlock`, `delete-repository`.
// A reference without tag or digest names the repository itself.
import type { AttributeTarget, Reference } from '../../registry/types';
import { expectPositionals, isSet, UsageError } from '../args';
import { clientForReference } from '../connect';
import { writeLine, type Command } from '../command';

function targetOf(ref: Reference): AttributeTarget {
  if (ref.digest) return { kind: 'manifest', repository: ref.repository, digest: ref.digest };
  if (ref.tag) return { kind: 'tag', repository: ref.repository, tag: ref.tag };
  return { kind: 'repository', repository: ref.repository };
}

export const propertiesCommand: Command = {
  name: 'properties',
  usage: 'crx properties <registry/repository[:tag|@digest]>',
  summary: 'Azure Container Registry: print the changeable attributes (and a repository\'s counts and times) as JSON',
  async run(args, io) {
    const [text] = expectPositionals(args, ['ref']);
    const { client, ref } = await clientForReference(text, args, io);
    const target = targetOf(ref);
    const properties = target.kind === 'repository'
      ? await client.getRepositoryInfo(ref.repository, { signal: io.signal })
      : { ...target, attributes: await client.getAttributes(target, { signal: io.signal }) };
    writeLine(io.stdout, JSON.stringify(properties, null, 2));
  },
};

function lockCommand(lock: boolean): Command {
  const name = lock ? 'lock' : 'unlock';
  return {
    name,
    usage: `crx ${name} <registry/repository[:tag|@digest]>`,
    summary: lock
      ? 'Azure Container Registry: lock a tag, manifest or repository (writeEnabled and deleteEnabled false: no push onto it, no delete)'
      : 'Azure Container Registry: unlock a tag, manifest or repository (writeEnabled and deleteEnabled true)',
    async run(args, io) {
      const [text] = expectPositionals(args, ['ref']);
      const { client, ref } = await clientForReference(text, args, io);
      const attributes = await client.updateAttributes(targetOf(ref), { writeEnabled: !lock, deleteEnabled: !lock }, { signal: io.signal });
      writeLine(io.stderr, `${lock ? 'locked' : 'unlocked'} ${text}`);
      writeLine(io.stdout, JSON.stringify(attributes));
    },
  };
}

export const lockTargetCommand = lockCommand(true);
export const unlockTargetCommand = lockCommand(false);

export const deleteRepositoryCommand: Command = {
  name: 'delete-repository',
  usage: 'crx delete-repository <registry/repository> --yes',
  summary: 'Azure Container Registry: delete a repository with every tag and manifest in it; prints what went',
  details: '  --yes  required: the repository cannot be brought back',
  flags: { yes: { boolean: true } },
  async run(args, io) {
    const [text] = expectPositionals(args, ['registry/repository']);
    const { client, ref } = await clientForReference(text, args, io);
    if (ref.tag || ref.digest) throw new UsageError('give the repository alone, without a tag or digest (crx delete removes one tag or manifest)');
    if (!isSet(args, 'yes')) throw new UsageError('deleting a repository cannot be undone: add --yes');
    const deleted = await client.deleteRepository(ref.repository, { signal: io.signal });
    writeLine(io.stderr, `deleted ${text}: ${deleted.tagsDeleted.length} tags, ${deleted.manifestsDeleted.length} manifests`);
    writeLine(io.stdout, JSON.stringify(deleted, null, 2));
  },
};
