// What the CLI prints comes partly from registries (names, messages, manifests). Control characters
// in it could move the cursor, recolour or clear the screen, or retitle the terminal, and bidi controls
// could reorder what is shown, so they are printed as `\uXXXX` escapes instead.

// C0 except tab and line feed, DEL, C1, and the Unicode bidi marks, embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// The same without carriage return, which is harmless whitespace between JSON tokens.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_JSON = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text safe to write to a terminal: tabs and line feeds stay, other control characters become `\uXXXX`. */
export function forTerminal(text: string): string {
  return text.replace(UNSAFE, escape);
}

/**
 * JSON text safe for a terminal with the same meaning: inside JSON strings `\uXXXX` is an escape for
 * the very character replaced, and outside strings valid JSON has no such characters.
 */
export function jsonForTerminal(text: string): string {
  return text.replace(UNSAFE_IN_JSON, escape);
}
