import * as vscode from 'vscode';

/** Hover markdown that can run no command and render no HTML; its values are escaped by the caller. */
export function untrustedMarkdown(source: string): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(source, false);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return markdown;
}
