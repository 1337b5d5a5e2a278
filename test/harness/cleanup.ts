// Stops what a launcher started (registries, code-server, browser, temp dirs) on every way out:
// normal end, failure, its own timeout, Ctrl-C or a SIGTERM from CI's time limit. code-server
// runs in its own process group, so without this a killed launcher would leave it running.
type CleanupTask = () => Promise<void>;

const tasks: CleanupTask[] = [];
let running: Promise<void> | undefined;

/** Registers a task; tasks run newest first (a browser closes before the server it shows). */
export function onCleanup(task: CleanupTask): void {
  // Something finished starting after cleanup began (e.g. after a timeout): stop it at once.
  if (running) void running.then(task).catch((error: unknown) => console.error(`cleanup failed: ${describe(error)}`));
  else tasks.push(task);
}

export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (tasks.length > 0) {
      const task = tasks.pop() as CleanupTask;
      await task().catch((error: unknown) => console.error(`cleanup failed: ${describe(error)}`));
    }
  })();
  return running;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * On SIGINT/SIGTERM/SIGHUP: clean up, then exit with 128 + the signal's number. Also cleans up
 * after an uncaught error, and ignores EPIPE on stdout/stderr (the reader, e.g. `tee`, was
 * interrupted first), which would otherwise crash the launcher before it stops its servers.
 */
export function cleanupOnSignals(): void {
  const codes: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
  let stopping = false;
  for (const [signal, code] of Object.entries(codes)) {
    // `on`, not `once`: Ctrl-C under `npm run` arrives twice (from the terminal and forwarded by
    // npm), and a second, unhandled SIGINT would end the process before code-server is stopped.
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`\n${signal}: stopping everything that was started…`);
      void runCleanup().finally(() => process.exit(code));
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
  process.once('uncaughtException', (error) => {
    process.exitCode = 1;
    void runCleanup().finally(() => {
      console.error(`uncaught error: ${describe(error)}`);
      process.exit(1);
    });
  });
}

/** Rejects with a message naming what was waited for when `work` takes longer than `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, waitingFor: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${waitingFor}`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
