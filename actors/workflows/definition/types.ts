/**
 * A workflow definition in its one internal form: what `parseWorkflowDefinition` makes of
 * either written shape (seed 004's YAML with `name`/`tool`/`provider: a|b`/`input`, or seed
 * 003's records with `step_id`/`assigned_role`/`tool_to_call`/`tool_arguments`). Plain data,
 * durations in milliseconds, every default filled in; the compiled extras (expressions,
 * validators, dependency order) live beside it in compile.ts.
 */

export const DEFINITION_STATUSES = ['draft', 'active', 'completed', 'archived'] as const;
export type DefinitionStatus = (typeof DEFINITION_STATUSES)[number];

export interface WorkflowDefinition {
  readonly id?: string;
  readonly name: string;
  readonly description?: string;
  /** As written (`1.0.0`); a run keeps the version it started with. Default `"1"`. */
  readonly version: string;
  readonly status: DefinitionStatus;
  readonly creatorId?: string;
  readonly trigger: TriggerDefinition;
  /** The steps in written order. */
  readonly steps: readonly StepDefinition[];
  readonly guards: Guards;
}

export type TriggerDefinition =
  | { readonly kind: 'manual'; readonly payloadSchema?: JsonSchema }
  | { readonly kind: 'event'; readonly event: string; readonly payloadSchema?: JsonSchema }
  | {
      readonly kind: 'schedule';
      readonly cron: string;
      readonly timezone?: string;
      readonly payloadSchema?: JsonSchema;
    };

/** A JSON Schema, as ajv reads it. */
export type JsonSchema = Readonly<Record<string, unknown>>;

export interface Guards {
  readonly budget: Budget;
  /** Kept as written and handed to every tool attempt (`security` on `start-step`). */
  readonly security?: Readonly<Record<string, unknown>>;
  /** Tool family (the tool name before its first dot: `stt` for `stt.transcribe`) → providers. */
  readonly fallbacks: readonly (readonly [family: string, providers: readonly string[]])[];
}

export interface Budget {
  readonly maxMs?: number;
  readonly maxTokens?: number;
  readonly maxCost?: number;
}

export interface StepDefinition {
  readonly name: string;
  readonly description?: string;
  readonly work: StepWork;
  /** The step's input, templates unevaluated (`tool_arguments` in seed 003). */
  readonly input: unknown;
  /** Written `depends_on`; the compiled step adds the steps its templates read. */
  readonly dependsOn: readonly string[];
  readonly when?: string | boolean;
  readonly retry: RetryPolicy;
  readonly timeoutMs?: number;
  readonly onFailure: OnFailure;
  /** The step that undoes this one, run when a later failure says `on_failure: compensate`. */
  readonly compensate?: StepDefinition;
  /** Seed-style typed fields (`text: string`, `audioData?: string`), checked on success. */
  readonly output?: Readonly<Record<string, unknown>>;
  readonly gate?: GateDefinition;
  readonly estimate: Estimate;
  /** May an attempt that was in flight at a crash be sent again with the same idempotency key? */
  readonly idempotent: boolean;
  /** JSONata over `output` giving the usage, when the outcome does not report it. */
  readonly usage?: { readonly tokens?: string; readonly cost?: string };
}

export type StepWork =
  | {
      readonly kind: 'tool';
      readonly tool: string;
      /** Attempt targets in order: `provider: a|b`, then `config.fallback`, then `guards.fallbacks`. */
      readonly targets: readonly FallbackTarget[];
      /** `config` as written minus `timeout` and `fallback`, templates unevaluated. */
      readonly config: Readonly<Record<string, unknown>>;
    }
  | { readonly kind: 'agent'; readonly role?: string; readonly agentId?: string; readonly tool?: string }
  | { readonly kind: 'workflow'; readonly workflow: string; readonly version?: string }
  | {
      readonly kind: 'wait';
      readonly signal?: string;
      /** The signal's payload (JSON Schema): asked of the connected host by MCP elicitation when it can. */
      readonly inputSchema?: JsonSchema;
      readonly delayMs?: number;
      readonly until?: string | number;
    }
  | { readonly kind: 'parallel'; readonly branches: readonly StepDefinition[]; readonly concurrency: number }
  | {
      readonly kind: 'map';
      readonly over: string;
      readonly concurrency: number;
      readonly step: StepDefinition;
    };

export type StepKind = StepWork['kind'];
export type LeafKind = Exclude<StepKind, 'parallel' | 'map'>;

export interface FallbackTarget {
  readonly tool: string;
  readonly provider?: string;
  readonly origin: 'provider' | 'config.fallback' | 'guards.fallbacks';
}

/**
 * Retry policy, named as Temporal's (`maximumAttempts`, `initialInterval`,
 * `backoffCoefficient`, `maximumInterval`, `nonRetryableErrorTypes`) with Step Functions'
 * jitter. Attempts are counted per fallback target. Without `retry`, one attempt.
 */
export interface RetryPolicy {
  readonly maximumAttempts: number;
  readonly initialInterval: number;
  readonly backoffCoefficient: number;
  readonly maximumInterval?: number;
  readonly jitter: 'full' | 'none';
  readonly nonRetryableErrorTypes: readonly string[];
}

export type OnFailure =
  | { readonly kind: 'fail' }
  | { readonly kind: 'continue' }
  | { readonly kind: 'goto'; readonly step: string }
  /** Undo: the listed steps' `compensate`, in order; without a list, every completed one, newest first. */
  | { readonly kind: 'compensate'; readonly steps?: readonly string[] };

export interface GateDefinition {
  readonly name: string;
  readonly schema?: JsonSchema;
  readonly expressions: readonly string[];
  /** `fail_fast` fails the run at once; `fallback` fails the attempt and moves to the next target. */
  readonly action: 'fail_fast' | 'fallback';
}

/**
 * What one attempt of a step is expected to spend, checked against `guards.budget` before
 * it starts: `estimate.tokens` (default: `config.maxTokens` when it is a number, else 0),
 * `estimate.cost` (default 0), `estimate.ms` (default 0, against the remaining wall time).
 */
export interface Estimate {
  readonly tokens: number;
  readonly cost: number;
  readonly ms: number;
}
