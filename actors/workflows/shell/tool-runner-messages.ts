/**
 * What a thread's tool runner receives (tool-runner.ts) from the run actors of its thread:
 * start an attempt of a tool step, or cancel one. Declared apart from the runner so that the
 * thread's registry (thread-tools.ts) can name the runner's type without importing the actor.
 */
import type { ActorRef } from '../../../src/kernel/index.js';
import type { CancelStepCommand, RunMsg, StartStepCommand } from './messages.js';

export type ToolRunnerMsg =
  | {
      readonly type: 'start-step';
      readonly runId: string;
      readonly run: ActorRef<RunMsg>;
      readonly command: StartStepCommand;
    }
  | { readonly type: 'cancel-step'; readonly command: CancelStepCommand };
