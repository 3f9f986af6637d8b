/**
 * What the demo and its runtime child say to each other over the child's IPC channel: the
 * story's requests (each answered once, by id), and what the runtime reports as it happens
 * (workflow step changes, jams, deadlocks). Plain data only; both sides import these types.
 */

export type DemoRequest =
  | { readonly type: 'register-agents' }
  | { readonly type: 'start-run' }
  | { readonly type: 'lock-cycle' }
  | { readonly type: 'jam' }
  | { readonly type: 'signal-run' }
  | { readonly type: 'await-run' }
  | { readonly type: 'tree-size' };

/** A request on the wire: its id picks the answer. */
export type RequestEnvelope = DemoRequest & { readonly id: number };

export interface AgentsRegistered {
  readonly agents: readonly { readonly id: string; readonly role: string }[];
}

export interface LockCycleOutcome {
  /** The refusal the closing wait got: its code and message (which names both agents). */
  readonly refusal: { readonly code: string; readonly message: string } | null;
  /** The cycle as the detector recorded it (agent actor ids). */
  readonly cycle: readonly string[];
  /** Whether the wait that was not failed got its lock once the victim let go. */
  readonly survivorGranted: boolean;
}

export interface JamOutcome {
  readonly jammedThread: number | null;
  readonly replacedThread: number | null;
  /** The jammed actor answered again after its thread was replaced. */
  readonly answeredAfter: boolean;
  /** Milliseconds from the spin to the jam being reported, to the new thread, to the answer. */
  readonly jamMs: number | null;
  readonly replacedMs: number | null;
  readonly ms: number;
}

export interface RunOutcome {
  readonly status: string;
  readonly steps: readonly { readonly name: string; readonly status: string; readonly children?: number }[];
  readonly output: unknown;
}

export type ChildReport =
  | { readonly type: 'ready'; readonly pid: number; readonly resumed: number; readonly threads: number }
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly error: string }
  | {
      readonly type: 'step';
      readonly step: string;
      readonly child?: number;
      readonly status: string;
      readonly attempt: number;
    }
  | { readonly type: 'offered'; readonly step: string; readonly agent: string };

/** The demo's workflow run: one, with a known id, so a restarted runtime finds it. */
export const DEMO_RUN_ID = 'demo-run';
