// The refusal to move a tag, in the words of the command line.
import { RegistryError } from '../../registry/errors';
import type { TagConflictError } from '../../registry/transfers/tagManifest';

export function tagConflictHelp(error: TagConflictError): RegistryError {
  return new RegistryError(
    `${error.repository}:${error.tag} already points at ${error.current}; not moving it to ${error.wanted} (use --force to move it)`,
    { code: error.code },
  );
}
