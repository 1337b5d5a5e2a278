// Markdown source for hovers and tooltips built from strings a registry (or a settings file)
// controls: every value is escaped so it can only ever render as the text it is.

/** Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them
 * defeats links, images, autolinks, emphasis, code spans, table pipes and raw HTML alike. */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
/** Line breaks and other control or direction-changing characters would restructure the document
 * or disguise the text; they are shown as a replacement character. */
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const MAX_VALUE_LENGTH = 300;

/** `text` with control and direction-changing characters shown as a replacement character. */
export function replaceUnsafeCharacters(text: string): string {
  return text.replace(UNSAFE_CHARACTERS, '\uFFFD');
}

/** `value` as markdown that renders as exactly that text (shortened when very long). */
export function escapeMarkdown(value: string): string {
  const text = value.length > MAX_VALUE_LENGTH ? `${value.slice(0, MAX_VALUE_LENGTH)}…` : value;
  return replaceUnsafeCharacters(text).replace(ASCII_PUNCTUATION, '\\$&');
}

/** A bold title and a two-column table of the rows that have a value; every string escaped. */
export function markdownTable(title: string, rows: ReadonlyArray<readonly [string, string | number | undefined]>): string {
  const lines = rows
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `| ${escapeMarkdown(key)} | ${escapeMarkdown(String(value))} |`);
  return `**${escapeMarkdown(title)}**\n\n| | |\n|---|---|\n${lines.join('\n')}`;
}

/** Paragraphs of plain text, each escaped; the first one bold. */
export function markdownParagraphs(title: string, paragraphs: readonly string[]): string {
  return [`**${escapeMarkdown(title)}**`, ...paragraphs.map(escapeMarkdown)].join('\n\n');
}
