// `catalog` and `tags`: every page, one name per line; names the registry sent that are not valid are skipped and counted.
import { collectPages } from '../../registry/operations/listing';
import { expectPositionals, flag, UsageError } from '../args';
import { clientForReference, clientForRegistry } from '../connect';
import { writeLine, type Command } from '../command';

function pageSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError('--page-size must be an integer from 1 to 1000');
  return n;
}

/** Names that break the OCI grammar are never printed; saying how many keeps the listing honest. */
function reportDropped(stderr: NodeJS.WritableStream, dropped: number): void {
  if (dropped > 0) writeLine(stderr, `${dropped} invalid name${dropped === 1 ? '' : 's'} skipped`);
}

export const catalogCommand: Command = {
  name: 'catalog',
  usage: 'crx catalog <registry> [--page-size n]',
  summary: 'list the repositories of a registry',
  flags: { 'page-size': {} },
  async run(args, io) {
    const [registry] = expectPositionals(args, ['registry']);
    const size = pageSize(flag(args, 'page-size'));
    const client = await clientForRegistry(registry, args, io);
    const { items, dropped } = await collectPages((cursor) => client.listRepositories({ pageSize: size, cursor, signal: io.signal }));
    for (const repository of items) writeLine(io.stdout, repository.name);
    reportDropped(io.stderr, dropped);
  },
};

export const tagsCommand: Command = {
  name: 'tags',
  usage: 'crx tags <registry/repository> [--page-size n]',
  summary: 'list the tags of a repository',
  flags: { 'page-size': {} },
  async run(args, io) {
    const [text] = expectPositionals(args, ['repository']);
    const size = pageSize(flag(args, 'page-size'));
    const { client, ref } = await clientForReference(text, args, io);
    if (ref.tag || ref.digest) throw new UsageError('give a repository without a tag or digest');
    const { items, dropped } = await collectPages((cursor) => client.listTags(ref.repository, { pageSize: size, cursor, signal: io.signal }));
    for (const tag of items) writeLine(io.stdout, tag.name);
    reportDropped(io.stderr, dropped);
  },
};
