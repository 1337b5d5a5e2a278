// Shape of one CLI subcommand.
import type { FlagSpec, ParsedArgs } from './args';
import type { CliIo } from './connect';
import { forTerminal } from './terminal';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Extra lines for `--help`. */
  details?: string;
  flags?: Record<string, FlagSpec>;
  run(args: ParsedArgs, io: CliIo): Promise<void>;
}

/** Writes one line; control characters in `text` are escaped (see terminal.ts). */
export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${forTerminal(text)}\n`);
}
