// Credentials and trust for the destination of `copy` when it is another registry: `--dest-*`
// options, given like their source counterparts. The source's own username and password are never
// sent to another registry; both sides share the Docker config, the proxy and the time limits.
import type { FlagSpec, ParsedArgs } from './args';
import { isSet, UsageError } from './args';

/** Options that name one side's credentials or trust. */
const PER_SIDE = ['username', 'password-stdin', 'docker-config', 'insecure', 'ca-file', 'trust-realm'] as const;
/** Options both sides share. */
const SHARED = ['proxy', 'timeout', 'idle-timeout', 'verbose', 'docker-config'] as const;

export const DESTINATION_FLAGS: Record<string, FlagSpec> = {
  'dest-username': {},
  'dest-password-stdin': { boolean: true },
  'dest-docker-config': {},
  'dest-insecure': { boolean: true },
  'dest-ca-file': { repeat: true },
  'dest-trust-realm': { repeat: true },
};

export const DESTINATION_HELP = [
  '  Another destination registry takes its own --dest-username, --dest-password-stdin, --dest-docker-config,',
  '  --dest-insecure, --dest-ca-file and --dest-trust-realm (like the options without "dest-"); it shares',
  '  --docker-config, --proxy and the time limits. Within one registry the source\'s options apply to both.',
].join('\n');

/** True when any `--dest-*` option was given. */
export function hasDestinationFlags(args: ParsedArgs): boolean {
  return Object.keys(DESTINATION_FLAGS).some((name) => args.flags.has(name));
}

/** The options for a client of the destination registry, as if given without "dest-". */
export function destinationArgs(args: ParsedArgs): ParsedArgs {
  if (isSet(args, 'password-stdin') && isSet(args, 'dest-password-stdin')) {
    throw new UsageError('--password-stdin and --dest-password-stdin cannot both read standard input: use a Docker config for one side');
  }
  const flags = new Map<string, string[]>();
  for (const name of SHARED) {
    const value = args.flags.get(name);
    if (value) flags.set(name, value);
  }
  for (const name of PER_SIDE) {
    const value = args.flags.get(`dest-${name}`);
    if (value) flags.set(name, value);
  }
  return { positionals: args.positionals, flags };
}
