// `manifest`, `push-manifest`, `delete`, `referrers`.
import { readFile } from 'node:fs/promises';
import { referenceTarget } from '../../registry/reference';
import { expectPositionals, flag, isSet, UsageError } from '../args';
import { clientForReference, sourceForReference } from '../connect';
import { writeLine, type Command } from '../command';
import { jsonForTerminal } from '../terminal';

export const manifestCommand: Command = {
  name: 'manifest',
  usage: 'crx manifest <ref> [--accept <media type>]...',
  summary: 'print the exact manifest bytes of a tag or digest',
  flags: { accept: { repeat: true } },
  async run(args, io) {
    const [text] = expectPositionals(args, ['ref']);
    const { client, ref } = await sourceForReference(text, args, io);
    const fetched = await client.getManifest(ref.repository, referenceTarget(ref), { accept: args.flags.get('accept'), signal: io.signal });
    // Exact bytes into a pipe or file; on a terminal the same JSON with control characters escaped.
    io.stdout.write((io.stdout as { isTTY?: boolean }).isTTY ? jsonForTerminal(fetched.bytes.toString('utf8')) : fetched.bytes);
  },
};

export const pushManifestCommand: Command = {
  name: 'push-manifest',
  usage: 'crx push-manifest <ref> <file.json> [--media-type t]',
  summary: 'upload a manifest file byte for byte to a tag (or by digest); prints its digest',
  flags: { 'media-type': {} },
  async run(args, io) {
    const [text, file] = expectPositionals(args, ['ref', 'file.json']);
    const { client, ref } = await sourceForReference(text, args, io);
    const bytes = await readFile(file);
    const result = await client.putManifest(ref.repository, bytes, { reference: ref.digest ?? ref.tag, mediaType: flag(args, 'media-type'), signal: io.signal });
    writeLine(io.stdout, result.digest);
  },
};

export const deleteCommand: Command = {
  name: 'delete',
  usage: 'crx delete <ref> [--delete-manifest]',
  summary: 'delete a manifest (by digest) or a tag',
  details: '  --delete-manifest  when the registry cannot delete a tag alone, delete the manifest it points to (removes its other tags too)',
  flags: { 'delete-manifest': { boolean: true } },
  async run(args, io) {
    const [text] = expectPositionals(args, ['ref']);
    const { client, ref } = await clientForReference(text, args, io);
    if (ref.digest) await client.deleteManifest(ref.repository, ref.digest, { signal: io.signal });
    else if (ref.tag) await client.deleteTag(ref.repository, ref.tag, { deleteManifestIfNeeded: isSet(args, 'delete-manifest'), signal: io.signal });
    else throw new UsageError('give a tag or a digest to delete');
    writeLine(io.stderr, `deleted ${text}`);
  },
};

export const referrersCommand: Command = {
  name: 'referrers',
  usage: 'crx referrers <repository@digest | oci:folder@digest> [--artifact-type t]',
  summary: 'list artifacts whose subject is this manifest (JSON)',
  flags: { 'artifact-type': {} },
  async run(args, io) {
    const [text] = expectPositionals(args, ['ref@digest']);
    const { client, ref } = await sourceForReference(text, args, io);
    if (!ref.digest) throw new UsageError('referrers needs a digest: <repository>@sha256:… or oci:<folder>@sha256:…');
    const referrers = await client.listReferrers(ref.repository, ref.digest, { artifactType: flag(args, 'artifact-type'), signal: io.signal });
    writeLine(io.stdout, JSON.stringify(referrers, null, 2));
  },
};
