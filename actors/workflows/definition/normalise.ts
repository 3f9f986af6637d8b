/**
 * From the written form (raw-schema.ts) to the one internal form (types.ts): aliases
 * resolved (`step_id` → name, `tool_to_call` → tool, `tool_arguments` → input), the step's
 * kind decided from its fields, `provider: a|b` / `config.fallback` / `guards.fallbacks`
 * merged into one ordered list of targets, and every default filled in.
 *
 * Problems go to `issues` with the path of the field as written; normalising goes on after
 * one so that a definition's every mistake is reported at once. It checks each step on its
 * own; what needs the whole graph (unknown steps, cycles) is checks.ts's.
 */
import { DurationSchema } from '../duration.js';
import type { DefinitionIssue } from '../errors.js';
import { formatPath } from '../errors.js';
import type { RawStep, RawWorkflow } from './raw-schema.js';
import { splitProviders, toolTargets } from './targets.js';
import { normaliseTrigger } from './trigger.js';
import type {
  Guards,
  OnFailure,
  RetryPolicy,
  StepDefinition,
  StepWork,
  WorkflowDefinition,
} from './types.js';
import { compileJsonCheck } from './validators.js';

/** Where a step stands: its role limits what it may hold (a branch has no `depends_on`). */
type StepRole = 'step' | 'branch' | 'map step' | 'compensation';

const DEFAULT_MAP_CONCURRENCY = 10;
const NO_RETRY: RetryPolicy = {
  maximumAttempts: 1,
  initialInterval: 1_000,
  backoffCoefficient: 2,
  jitter: 'none',
  nonRetryableErrorTypes: [],
};

/** Where each normalised step was written, for messages that name the written path. */
export interface StepOrigin {
  readonly path: readonly PropertyKey[];
  /** `input`, or `tool_arguments` when the step was written in seed 003's shape. */
  readonly inputField: 'input' | 'tool_arguments';
}

interface NormaliseContext {
  readonly issues: DefinitionIssue[];
  readonly origins: Map<StepDefinition, StepOrigin>;
  readonly guards: Guards;
}

export function normaliseWorkflow(
  raw: RawWorkflow,
  issues: DefinitionIssue[],
  origins: Map<StepDefinition, StepOrigin>,
): WorkflowDefinition {
  const guards = normaliseGuards(raw);
  const context: NormaliseContext = { issues, origins, guards };
  const steps = raw.steps.map((step, index) =>
    normaliseStep(step, ['steps', index], 'step', `step_${index}`, context),
  );
  return {
    ...(raw.id === undefined ? {} : { id: raw.id }),
    name: raw.name,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    version: raw.version === undefined ? '1' : String(raw.version),
    status: raw.status ?? 'active',
    ...(raw.creator_id === undefined ? {} : { creatorId: raw.creator_id }),
    trigger: normaliseTrigger(raw.trigger, ['trigger'], issues),
    steps,
    guards,
  };
}

function normaliseGuards(raw: RawWorkflow): Guards {
  const fallbacks = Object.entries(raw.guards?.fallbacks ?? {}).map(
    ([family, providers]) => [family, splitProviders(providers)] as const,
  );
  return {
    budget: raw.guards?.budget ?? {},
    ...(raw.guards?.security === undefined ? {} : { security: raw.guards.security }),
    fallbacks,
  };
}

function normaliseStep(
  raw: RawStep,
  path: readonly PropertyKey[],
  role: StepRole,
  defaultName: string,
  context: NormaliseContext,
): StepDefinition {
  const { issues } = context;
  const issue = (field: PropertyKey[], message: string) =>
    issues.push({ path: formatPath([...path, ...field]), message });
  const name = pickAlias(raw.name, raw.step_id, 'step_id', 'name', issue) ?? defaultName;
  if (raw.name === undefined && raw.step_id === undefined && role !== 'map step' && role !== 'compensation') {
    issue([], 'a step needs a name (name or step_id)');
  }
  const tool = pickAlias(raw.tool, raw.tool_to_call, 'tool_to_call', 'tool', issue);
  const input = pickAlias(raw.input, raw.tool_arguments, 'tool_arguments', 'input', issue) ?? {};
  if (role !== 'step') {
    for (const field of ['depends_on', 'when', 'on_failure', 'compensate'] as const) {
      if (raw[field] !== undefined) issue([field], `is not allowed in a ${role}`);
    }
  }
  const config = { ...(raw.config ?? {}) };
  const timeoutMs = takeConfigDuration(config, 'timeout', raw.timeout, path, issues);
  const fallback = config.fallback;
  delete config.fallback;
  const work = normaliseWork(raw, name, tool, config, fallback, path, role, context);
  const maxTokens = typeof raw.config?.maxTokens === 'number' ? raw.config.maxTokens : 0;
  const step: StepDefinition = {
    name,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    work,
    input,
    dependsOn: raw.depends_on ?? [],
    ...(raw.when === undefined ? {} : { when: raw.when }),
    retry: raw.retry ? { ...NO_RETRY, maximumAttempts: 3, ...raw.retry } : NO_RETRY,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onFailure: normaliseOnFailure(raw.on_failure),
    ...(raw.compensate === undefined
      ? {}
      : {
          compensate: normaliseStep(
            raw.compensate,
            [...path, 'compensate'],
            'compensation',
            `compensate_${name}`,
            context,
          ),
        }),
    ...(raw.output === undefined ? {} : { output: raw.output }),
    ...(raw.gate === undefined ? {} : { gate: normaliseGate(raw.gate, name, path, issues) }),
    estimate: {
      tokens: raw.estimate?.tokens ?? maxTokens,
      cost: raw.estimate?.cost ?? 0,
      ms: raw.estimate?.ms ?? 0,
    },
    idempotent: raw.idempotent ?? (work.kind === 'agent' || work.kind === 'workflow' || work.kind === 'wait'),
    ...(raw.usage === undefined ? {} : { usage: raw.usage }),
  };
  context.origins.set(step, {
    path,
    inputField: raw.input === undefined && raw.tool_arguments !== undefined ? 'tool_arguments' : 'input',
  });
  return step;
}

function normaliseWork(
  raw: RawStep,
  name: string,
  tool: string | undefined,
  config: Record<string, unknown>,
  fallback: unknown,
  path: readonly PropertyKey[],
  role: StepRole,
  context: NormaliseContext,
): StepWork {
  const { issues, guards } = context;
  const issue = (field: PropertyKey[], message: string) =>
    issues.push({ path: formatPath([...path, ...field]), message });
  const agent = raw.assigned_role !== undefined || raw.assigned_agent_id !== undefined;
  const kinds = [
    agent ? 'assigned_role/assigned_agent_id' : tool !== undefined ? 'tool' : undefined,
    raw.wait && 'wait',
    raw.workflow && 'workflow',
    raw.parallel && 'parallel',
    raw.map && 'map',
  ].filter((kind): kind is string => typeof kind === 'string');
  if (kinds.length === 0) {
    issue([], 'a step needs one of tool, assigned_role, assigned_agent_id, wait, workflow, parallel or map');
  } else if (kinds.length > 1) issue([], `a step has one kind, but this one has ${kinds.join(' and ')}`);
  if (raw.provider !== undefined && (agent || tool === undefined))
    issue(['provider'], 'is only for tool steps');
  if ((raw.parallel || raw.map) && role !== 'step') {
    issue(
      [raw.parallel ? 'parallel' : 'map'],
      `a ${role} cannot fan out itself: make it a sub-workflow step`,
    );
  }
  if (agent) {
    return {
      kind: 'agent',
      ...(raw.assigned_role === undefined ? {} : { role: raw.assigned_role }),
      ...(raw.assigned_agent_id === undefined ? {} : { agentId: raw.assigned_agent_id }),
      ...(tool === undefined ? {} : { tool }),
    };
  }
  if (tool !== undefined) {
    return { kind: 'tool', tool, targets: toolTargets(tool, raw, fallback, guards, path, issues), config };
  }
  if (raw.wait) {
    const { signal, delay, until, schema } = raw.wait;
    if ([signal, delay, until].filter((field) => field !== undefined).length !== 1) {
      issue(['wait'], 'must have exactly one of signal, delay or until');
    }
    if (schema !== undefined && signal === undefined) issue(['wait', 'schema'], 'is only for a signal wait');
    if (schema !== undefined) compileJsonCheck(schema, [...path, 'wait', 'schema'], issues);
    return {
      kind: 'wait',
      ...(signal === undefined ? {} : { signal }),
      ...(schema === undefined ? {} : { inputSchema: schema }),
      ...(delay === undefined ? {} : { delayMs: delay }),
      ...(until === undefined ? {} : { until }),
    };
  }
  if (raw.workflow) {
    const target = typeof raw.workflow === 'string' ? { name: raw.workflow } : raw.workflow;
    return {
      kind: 'workflow',
      workflow: target.name,
      ...('version' in target && target.version !== undefined ? { version: String(target.version) } : {}),
    };
  }
  if (raw.parallel) {
    const list = Array.isArray(raw.parallel) ? raw.parallel : raw.parallel.branches;
    const listPath = Array.isArray(raw.parallel) ? [...path, 'parallel'] : [...path, 'parallel', 'branches'];
    const branches = list.map((branch, index) =>
      normaliseStep(branch, [...listPath, index], 'branch', `${name}_${index}`, context),
    );
    const seen = new Set<string>();
    branches.forEach((branch, index) => {
      if (seen.has(branch.name))
        issues.push({
          path: formatPath([...listPath, index]),
          message: `branch name "${branch.name}" is used twice`,
        });
      seen.add(branch.name);
    });
    const concurrency = Array.isArray(raw.parallel) ? undefined : raw.parallel.concurrency;
    return { kind: 'parallel', branches, concurrency: concurrency ?? branches.length };
  }
  if (raw.map) {
    const step = normaliseStep(raw.map.step, [...path, 'map', 'step'], 'map step', `${name}_item`, context);
    return {
      kind: 'map',
      over: raw.map.over,
      concurrency: raw.map.concurrency ?? DEFAULT_MAP_CONCURRENCY,
      step,
    };
  }
  return { kind: 'wait', signal: name };
}

function takeConfigDuration(
  config: Record<string, unknown>,
  key: 'timeout',
  stepLevel: number | undefined,
  path: readonly PropertyKey[],
  issues: DefinitionIssue[],
): number | undefined {
  const written = config[key];
  delete config[key];
  if (written === undefined) return stepLevel;
  const parsed = DurationSchema.safeParse(written);
  if (!parsed.success) {
    issues.push({
      path: formatPath([...path, 'config', key]),
      message: parsed.error.issues[0]?.message ?? 'must be a duration',
    });
    return stepLevel;
  }
  if (stepLevel !== undefined) {
    issues.push({
      path: formatPath([...path, 'config', key]),
      message: `the step also has "${key}": give one`,
    });
  }
  return stepLevel ?? parsed.data;
}

function normaliseOnFailure(raw: RawStep['on_failure']): OnFailure {
  if (raw === undefined || raw === 'fail') return { kind: 'fail' };
  if (raw === 'continue') return { kind: 'continue' };
  if (raw === 'compensate') return { kind: 'compensate' };
  if ('goto' in raw) return { kind: 'goto', step: raw.goto };
  return { kind: 'compensate', steps: raw.compensate };
}

function normaliseGate(
  gate: NonNullable<RawStep['gate']>,
  step: string,
  path: readonly PropertyKey[],
  issues: DefinitionIssue[],
) {
  const expressions = [
    ...(gate.expression === undefined ? [] : [gate.expression]),
    ...(gate.expressions ?? []),
  ];
  if (gate.schema === undefined && expressions.length === 0) {
    issues.push({ path: formatPath([...path, 'gate']), message: 'a gate needs a schema or an expression' });
  }
  return {
    name: gate.name ?? `${step}.gate`,
    ...(gate.schema === undefined ? {} : { schema: gate.schema }),
    expressions,
    action: gate.action ?? 'fail_fast',
  };
}

function pickAlias<T>(
  primary: T | undefined,
  alias: T | undefined,
  aliasField: string,
  primaryField: string,
  issue: (field: PropertyKey[], message: string) => void,
): T | undefined {
  if (primary !== undefined && alias !== undefined)
    issue([aliasField], `give ${primaryField} or ${aliasField}, not both`);
  return primary ?? alias;
}
