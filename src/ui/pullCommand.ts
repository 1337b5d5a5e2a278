import { ReferenceSyntaxError } from '../registry/errors';
import { isDigest, validateRegistryHost, validateRepositoryName, validateTag } from '../registry/reference';

/** Characters a POSIX shell takes literally inside a word. */
const SHELL_SAFE = /^[A-Za-z0-9_./:@%+=,-]+$/;

/** `word` as one shell word: as it is when nothing in it is special, else single-quoted. */
export function shellQuote(word: string): string {
  return SHELL_SAFE.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * `docker pull host/repository:tag` (or `@digest`) for pasting into a shell. Names come from the
 * registry, so each part is checked against the reference grammar first, then the whole quoted.
 */
export function pullCommand(host: string, repository: string, reference: { tag: string } | { digest: string }): string {
  validateRegistryHost(host);
  validateRepositoryName(repository);
  let suffix: string;
  if ('tag' in reference) {
    validateTag(reference.tag);
    suffix = `:${reference.tag}`;
  } else {
    if (!isDigest(reference.digest)) throw new ReferenceSyntaxError(`invalid digest ${JSON.stringify(reference.digest.slice(0, 80))}`);
    suffix = `@${reference.digest}`;
  }
  return `docker pull ${shellQuote(`${host}/${repository}${suffix}`)}`;
}
