// `crx`: a small crane/oras-style command line over the registry service.
// Exit codes: 0 ok, 1 registry or operation error, 2 usage error, 130/143 interrupted by SIGINT/SIGTERM.
// Errors go to stderr, without secrets.
import { ReferenceSyntaxError, RegistryError } from '../registry/errors';
import { plainWords, rawErrorChain, type PlainWordsAdvice } from '../registry/plainWords';
import { isSet, parseArgs, UsageError } from './args';
import { abortOnSignals, interruptionOf } from './interrupt';
import { GLOBAL_FLAGS, GLOBAL_HELP, type CliIo } from './connect';
import { forTerminal } from './terminal';
import type { Command } from './command';
import { blobCommand, pushBlobCommand } from './commands/blob';
import { pullCommand, pushCommand } from './commands/image';
import { copyCommand } from './commands/copy';
import { catCommand, filesCommand } from './commands/files';
import { catalogCommand, tagsCommand } from './commands/listing';
import { deleteCommand, manifestCommand, pushManifestCommand, referrersCommand } from './commands/manifest';
import { probeCommand } from './commands/probe';
import { tagCommand } from './commands/tag';
import { deleteRepositoryCommand, lockTargetCommand, propertiesCommand, unlockTargetCommand } from './commands/acr';

const COMMANDS: Command[] = [
  catalogCommand, tagsCommand, manifestCommand, blobCommand, pushBlobCommand, pushManifestCommand,
  deleteCommand, pullCommand, pushCommand, referrersCommand, probeCommand, tagCommand, copyCommand,
  propertiesCommand, lockTargetCommand, unlockTargetCommand, deleteRepositoryCommand, filesCommand, catCommand,
];

const EXIT_CODES = 'Exit codes: 0 success, 1 registry or operation error, 2 usage error, 130/143 interrupted (SIGINT/SIGTERM)';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: crx <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'References look like registry/repository[:tag][@digest]; "crx <command> --help" for details.',
    '',
    GLOBAL_HELP,
    '',
    EXIT_CODES,
  ].join('\n');
}

/** What to do next, in the CLI's own flags. */
const CLI_ADVICE: PlainWordsAdvice = {
  trustCa: 'trust its CA with --ca-file <pem>',
  rateLimited: 'registries such as Docker Hub allow more requests to signed-in users',
  signIn: 'give --username with --password-stdin, or sign in with docker login (crx reads the Docker config)',
  forbidden: 'sign in as a user who is allowed to do this',
  timeout: 'wait longer with --timeout <seconds> (an answer) or --idle-timeout <seconds> (a transfer)',
  locked: 'unlock it first with crx unlock <ref> (the tag, the digest or the repository that is locked)',
};

/** The plain words for a failure, and with --verbose the transport's own account beside them. */
function failureText(error: unknown, verbose: boolean): string {
  const raw = error instanceof Error ? error.message : String(error);
  const plain = plainWords(error, CLI_ADVICE);
  if (!plain) return raw;
  return verbose ? `${plain}\n  (${rawErrorChain(error)})` : plain;
}

function commandHelp(command: Command): string {
  return [`Usage: ${command.usage}`, '', command.summary, ...(command.details ? ['', command.details] : []), '', GLOBAL_HELP, '', EXIT_CODES].join('\n');
}

/** How long a finished command waits for what still holds the event loop (a lingering socket, a timer). */
const LINGER_MS = 2000;
/** Set by --verbose: what still held the event loop after LINGER_MS is named on stderr. */
let reportLingering = false;

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(`${overview()}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`crx: unknown command "${forTerminal(name)}"\n\n${overview()}\n`);
    return 2;
  }
  let verbose = false;
  try {
    const args = parseArgs(rest, { ...GLOBAL_FLAGS, ...command.flags });
    verbose = isSet(args, 'verbose');
    reportLingering ||= verbose;
    if (args.flags.has('help')) {
      io.stdout.write(`${commandHelp(command)}\n`);
      return 0;
    }
    await command.run(args, io);
    return 0;
  } catch (error) {
    const interruption = interruptionOf(io.signal);
    if (interruption) {
      io.stderr.write(`crx ${command.name}: ${interruption.message}\n`);
      return interruption.exitCode;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`crx ${command.name}: ${forTerminal(error.message)}\nUsage: ${command.usage}\n`);
      return 2;
    }
    if (error instanceof RegistryError) {
      io.stderr.write(`crx ${command.name}: ${forTerminal(failureText(error, verbose))}\n`);
      return error instanceof ReferenceSyntaxError ? 2 : 1;
    }
    // Node's system errors (ENOTDIR, ENOSPC, EROFS, …) carry the call and the path: their message is the explanation.
    if (error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string') {
      io.stderr.write(`crx ${command.name}: ${forTerminal((error as Error).message)}\n`);
      return 1;
    }
    io.stderr.write(`crx ${command.name}: unexpected error: ${forTerminal(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  }
}

/** Exits once stdout and stderr are flushed: a second Ctrl-C must not wait for anything. */
function exitNowAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

/**
 * The process ends by letting the event loop run dry: process.exit() joins the V8 worker
 * threads before the heap is torn down, so a background compile waiting for the main thread to
 * collect garbage is never woken and the process hangs while exiting (Node 24.21, under load).
 * Whatever still holds the loop after LINGER_MS is not waited for.
 */
function finishAfterFlush(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => {
    setTimeout(() => {
      if (reportLingering) process.stderr.write(`[debug] exit: still open after ${LINGER_MS} ms: ${process.getActiveResourcesInfo().join(', ')}\n`);
      process.exit(code);
    }, LINGER_MS).unref();
  }));
}

if (require.main === module) {
  const { signal } = abortOnSignals(exitNowAfterFlush);
  runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signal }).then(finishAfterFlush, (error: unknown) => {
    process.stderr.write(`crx: ${forTerminal(String(error))}\n`);
    finishAfterFlush(1);
  });
}
