// `catalog` and `tags`: every page, one name per line as each page arrives; names the registry sent
// that are not valid are skipped and counted. Without --page-size the largest page is asked for.
import type { Page, PageCursor } from '../../registry/types';
import { eachPage, largestPagesFirst, MAX_PAGE_SIZE } from '../../registry/operations/listing';
import { expectPositionals, flag, UsageError } from '../args';
import { clientForRegistry, sourceForReference } from '../connect';
import { writeLine, type Command } from '../command';

function pageSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw new UsageError(`--page-size must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  return n;
}

/** Prints every page's names as it arrives; returns how many invalid names were skipped. */
async function printAll<T extends { name: string }>(
  stdout: NodeJS.WritableStream,
  requestedSize: number | undefined,
  fetchPage: (pageSize: number | undefined, cursor?: PageCursor) => Promise<Page<T>>,
  what: string,
): Promise<number> {
  const pages = requestedSize === undefined ? largestPagesFirst(fetchPage) : (cursor?: PageCursor) => fetchPage(requestedSize, cursor);
  let dropped = 0;
  for await (const page of eachPage(pages, what)) {
    for (const item of page.items) writeLine(stdout, item.name);
    dropped += page.dropped ?? 0;
  }
  return dropped;
}

/** Names that break the OCI grammar are never printed; saying how many keeps the listing honest. */
function reportDropped(stderr: NodeJS.WritableStream, dropped: number): void {
  if (dropped > 0) writeLine(stderr, `${dropped} invalid name${dropped === 1 ? '' : 's'} skipped`);
}

export const catalogCommand: Command = {
  name: 'catalog',
  usage: 'crx catalog <registry> [--page-size n]',
  summary: 'list the repositories of a registry',
  details: `Every page, however many; without --page-size each page asks for ${MAX_PAGE_SIZE} names (the registry's own default if it refuses that).`,
  flags: { 'page-size': {} },
  async run(args, io) {
    const [registry] = expectPositionals(args, ['registry']);
    const size = pageSize(flag(args, 'page-size'));
    const client = await clientForRegistry(registry, args, io);
    const dropped = await printAll(io.stdout, size, (pageSize, cursor) => client.listRepositories({ pageSize, cursor, signal: io.signal }), 'repository catalog');
    reportDropped(io.stderr, dropped);
  },
};

export const tagsCommand: Command = {
  name: 'tags',
  usage: 'crx tags <registry/repository> [--page-size n]',
  summary: 'list the tags of a repository',
  details: `Every page, however many; without --page-size each page asks for ${MAX_PAGE_SIZE} names (the registry's own default if it refuses that).`,
  flags: { 'page-size': {} },
  async run(args, io) {
    const [text] = expectPositionals(args, ['repository']);
    const size = pageSize(flag(args, 'page-size'));
    const { client, ref } = await sourceForReference(text, args, io);
    if (ref.tag || ref.digest) throw new UsageError('give a repository without a tag or digest');
    const dropped = await printAll(io.stdout, size, (pageSize, cursor) => client.listTags(ref.repository, { pageSize, cursor, signal: io.signal }), `tag list of ${ref.repository}`);
    reportDropped(io.stderr, dropped);
  },
};
