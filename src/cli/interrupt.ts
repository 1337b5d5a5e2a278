// Ctrl-C and SIGTERM: the running command is cancelled through an AbortSignal, so transfers stop and
// remove what they had written; the process then exits 128 + the signal's number. A second signal,
// or a command that does not stop within the grace period, exits at once.
import { AbortedError } from '../registry/errors';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type HandledSignal = keyof typeof EXIT_CODES;
const GRACE_MS = 10_000;

/** The abort reason: which signal stopped the command, and the exit code it stands for. */
export class Interruption extends AbortedError {
  readonly exitCode: number;

  constructor(readonly signalName: HandledSignal) {
    super(`interrupted by ${signalName}`, { code: 'INTERRUPTED' });
    this.exitCode = EXIT_CODES[signalName];
  }
}

/** The interruption that aborted `signal`, if any. */
export function interruptionOf(signal: AbortSignal | undefined): Interruption | undefined {
  return signal?.aborted && signal.reason instanceof Interruption ? signal.reason : undefined;
}

/** Listens for SIGINT/SIGTERM until `dispose`; `exit` is called when a command does not stop in time. */
export function abortOnSignals(exit: (code: number) => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handlers = (Object.keys(EXIT_CODES) as HandledSignal[]).map((name) => {
    const handler = (): void => {
      if (controller.signal.aborted) return exit(EXIT_CODES[name]);
      controller.abort(new Interruption(name));
      setTimeout(() => exit(EXIT_CODES[name]), GRACE_MS).unref();
    };
    process.on(name, handler);
    return () => process.off(name, handler);
  });
  return { signal: controller.signal, dispose: () => handlers.forEach((off) => off()) };
}
