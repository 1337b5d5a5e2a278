import { AbortedError } from '../registry/errors';
import { plainWords, type PlainWordsAdvice } from '../registry/plainWords';

/** What to do next, in the extension's terms; sign-in failures keep their message (their rows have a Sign In button). */
const EXTENSION_ADVICE: PlainWordsAdvice = {
  trustCa: 'add its CA in registryExplorer.caCertificates (or the registry\'s caCertificates)',
  rateLimited: 'registries such as Docker Hub allow more requests to signed-in users',
  locked: 'unlock it first with Unlock on its row in the Registry Explorer (or on its repository, when the repository is locked)',
};

/** Readable text for any failure: plain words for known transport failures, else the error's own message (never a secret). */
export function errorMessage(error: unknown): string {
  return plainWords(error, EXTENSION_ADVICE) ?? rawErrorMessage(error);
}

/** The error's own message, for the log beside the plain words. */
export function rawErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** Adapts a throwing check (e.g. validateTag) to an input box's validateInput. */
export function messageOf(check: (value: string) => void): (value: string) => string | undefined {
  return (value) => {
    try {
      check(value);
      return undefined;
    } catch (error) {
      return errorMessage(error);
    }
  };
}

/** HTTP status of a registry error, if it has one. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Our AbortedError (also a copy of it from a file loaded on demand), or a platform cancellation:
 * DOM/Azure `AbortError` and VS Code's `Canceled` name themselves with literals.
 */
export function isCancellation(error: unknown): boolean {
  if (error instanceof AbortedError) return true;
  const name = (error as { name?: unknown } | undefined)?.name;
  return name === 'AbortedError' || name === 'AbortError' || name === 'Canceled';
}
