// Shape of one CLI subcommand.
import type { FlagSpec, ParsedArgs } from './args';
import type { CliIo } from './connect';

export interface Command {
  name: string;
  usage: string;
  summary: string;
  /** Extra lines for `--help`. */
  details?: string;
  flags?: Record<string, FlagSpec>;
  run(args: ParsedArgs, io: CliIo): Promise<void>;
}

export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}
