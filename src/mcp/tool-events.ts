/**
 * `ToolCallHub`: tells listeners of every tool call that succeeded (no `isError`), with the
 * tool's name, its parsed arguments (never its `agent_token`) and its structured result — so
 * that the resources can announce what a call changed without any tool module knowing about
 * resources. The sessions of one runtime (its own stdio and every attached process) share
 * one hub, so each hears of the others' changes too.
 */

export interface SucceededToolCall {
  readonly tool: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly result: Readonly<Record<string, unknown>>;
}

export type ToolCallListener = (call: SucceededToolCall) => void;

/** Successful tool calls, told to every listener (a listener's failure is not the tool's). */
export class ToolCallHub {
  readonly #listeners = new Set<ToolCallListener>();

  subscribe(listener: ToolCallListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listening(): boolean {
    return this.#listeners.size > 0;
  }

  publish(call: SucceededToolCall): void {
    for (const listener of this.#listeners) {
      try {
        listener(call);
      } catch {
        // The call still succeeded.
      }
    }
  }
}
