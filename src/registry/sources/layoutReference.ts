// skopeo's name for an image in a layout folder: `oci:<dir>`, `oci:<dir>:<ref name>` or
// `oci:<dir>@<digest>` (a colon after the folder's last `/` starts the ref name).
import { ReferenceSyntaxError } from '../errors';
import { isDigest, validateTag } from '../reference';

export interface LayoutReference {
  dir: string;
  tag?: string;
  digest?: string;
}

export function isLayoutReference(text: string): boolean {
  return /^oci:/i.test(text.trim());
}

export function parseLayoutReference(text: string): LayoutReference {
  const rest = text.trim().slice('oci:'.length);
  const at = rest.lastIndexOf('@');
  if (at > rest.lastIndexOf('/') && isDigest(rest.slice(at + 1))) return checked({ dir: rest.slice(0, at), digest: rest.slice(at + 1) }, text);
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    const tag = rest.slice(colon + 1);
    validateTag(tag);
    return checked({ dir: rest.slice(0, colon), tag }, text);
  }
  return checked({ dir: rest }, text);
}

function checked(reference: LayoutReference, text: string): LayoutReference {
  if (reference.dir === '') throw new ReferenceSyntaxError(`invalid layout reference ${JSON.stringify(text.slice(0, 200))}: expected oci:<folder>[:<tag>|@<digest>]`);
  return reference;
}
