/**
 * `AttemptAbort`: how an attempt in flight is aborted (a timeout, a cancel, the wall-time
 * budget), with its `AbortSignal` made only when the tool asks for it — most in-process tools
 * never look, and an `AbortController` costs microseconds a step does not need to spend.
 */
export class AttemptAbort {
  private controller: AbortController | undefined;
  private reason: unknown;
  private done = false;

  get aborted(): boolean {
    return this.done;
  }

  /** The signal the tool is given (aborted already if the attempt was). */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.done) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.done) return;
    this.done = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}
