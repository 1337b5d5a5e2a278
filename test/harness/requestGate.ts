// Holds chosen requests of a test server until the test lets them through, so a test can see what
// a client shows while those answers are still outstanding.

export class RequestGate {
  private opened: Promise<void> | undefined;
  private open: (() => void) | undefined;
  private waitingNow = 0;

  /** Requests held right now. */
  get waiting(): number {
    return this.waitingNow;
  }

  /** From now on, requests that pass `wait` are held until `release`. */
  close(): void {
    if (this.opened) return;
    this.opened = new Promise<void>((resolve) => { this.open = resolve; });
  }

  /** Lets every held request (and every later one) through. */
  release(): void {
    this.open?.();
    this.opened = undefined;
    this.open = undefined;
  }

  /** Resolves at once while the gate is open; otherwise when it is released. */
  async wait(): Promise<void> {
    const opened = this.opened;
    if (!opened) return;
    this.waitingNow++;
    try {
      await opened;
    } finally {
      this.waitingNow--;
    }
  }
}
