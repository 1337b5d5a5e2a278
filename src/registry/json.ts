// JSON documents from a registry or a layout. RFC 8259 requires UTF-8; bytes that are not are refused
// instead of being read with replacement characters (the parsed value would differ from what was signed).
import { ManifestInvalidError } from './errors';

// ignoreBOM keeps a byte-order mark in the text, so JSON.parse refuses it as RFC 8259 says.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeUtf8(bytes: Uint8Array, what: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new ManifestInvalidError(`${what} is not valid UTF-8: JSON must be encoded as UTF-8`, { code: 'ENCODING_INVALID' });
  }
}

/** Parses UTF-8 JSON bytes; ManifestInvalidError names `what` on bad encoding or syntax. */
export function parseJsonBytes(bytes: Uint8Array, what: string): unknown {
  const text = decodeUtf8(bytes, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ManifestInvalidError(`${what} is not valid JSON: ${(error as Error).message.slice(0, 200)}`);
  }
}
