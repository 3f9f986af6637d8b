// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * Definitions: both seed shapes parse to the one internal form, and every refused
 * definition says where (`steps[2].input.text: unknown step "sst"`), with its YAML line.
 */
import { describe, expect, it } from 'vitest';
import {
  type DefinitionIssue,
  parseWorkflowDefinition,
  WorkflowDefinitionError,
} from '../../../../actors/workflows/index.js';
import { InvalidArgumentError } from '../../../../src/kernel/index.js';
import { fixture } from '../fake-shell.js';

function issuesOf(source: string | object): DefinitionIssue[] {
  try {
    parseWorkflowDefinition(source);
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowDefinitionError);
    return [...(error as WorkflowDefinitionError).issues];
  }
  throw new Error('the definition was accepted');
}

const messages = (source: string | object) =>
  issuesOf(source).map((issue) => `${issue.path}: ${issue.message}`);

const tool = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  tool: `fixture.${name}`,
  ...extra,
});

describe('parsing seed 004 YAML', () => {
  const workflow = parseWorkflowDefinition(fixture('bilingual-coach.yaml'));
  const step = (name: string) => workflow.steps[workflow.stepIndex.get(name) as number];

  it('keeps the header, the trigger and the guards', () => {
    const { definition } = workflow;
    expect(definition).toMatchObject({
      id: 'bilingual-coach',
      name: 'Bilingual Coach Workflow',
      version: '1.0.0',
      status: 'active',
    });
    expect(definition.trigger).toMatchObject({ kind: 'event', event: 'app.coach.session.start' });
    expect(definition.trigger.payloadSchema).toMatchObject({
      required: ['userId', 'sessionId', 'targetLanguage', 'sourceLanguage'],
      properties: { audioData: { type: 'string' } },
    });
    expect(definition.guards.budget).toEqual({ maxMs: 300_000, maxTokens: 10_000, maxCost: 1 });
    expect(definition.guards.security).toEqual({
      piiRedaction: true,
      dataRetention: '90d',
      encryption: true,
    });
  });

  it("orders a tool step's targets: provider list, config.fallback, guards.fallbacks", () => {
    const stt = step('speech_to_text')?.definition;
    expect(stt?.work).toEqual({
      kind: 'tool',
      tool: 'stt.transcribe',
      targets: [
        { tool: 'stt.transcribe', provider: 'openrouter', origin: 'provider' },
        { tool: 'stt.transcribe', provider: 'gemini', origin: 'provider' },
        { tool: 'stt.transcribe', provider: 'integration-app', origin: 'provider' },
        { tool: 'stt.transcribe', provider: 'integration-app.stt.local', origin: 'config.fallback' },
      ],
      config: { language: '${trigger.payload.sourceLanguage}' },
    });
    expect(stt?.timeoutMs).toBe(12_000);
    const tts = step('text_to_speech')?.definition.work;
    expect(tts?.kind === 'tool' && tts.targets.map((target) => target.provider)).toEqual([
      'elevenlabs',
      'text-only',
    ]);
  });

  it('takes the expected tokens from config.maxTokens and dependencies from templates', () => {
    expect(step('natural_language_understanding')?.definition.estimate).toEqual({
      tokens: 2_000,
      cost: 0,
      ms: 0,
    });
    const names = (name: string) =>
      step(name)?.dependsOn.map((index) => workflow.steps[index]?.definition.name);
    expect(names('speech_to_text')).toEqual([]);
    expect(names('natural_language_understanding')).toEqual(['speech_to_text']);
    expect(names('feedback_generation')).toEqual(['natural_language_understanding', 'machine_translation']);
    expect(workflow.order.map((index) => workflow.steps[index]?.definition.name)).toEqual([
      'speech_to_text',
      'natural_language_understanding',
      'machine_translation',
      'feedback_generation',
      'text_to_speech',
    ]);
  });
});

describe('parsing seed 003 records', () => {
  const definition = {
    id: 'release',
    name: 'Release',
    description: 'Build, test, document',
    creator_id: 'lead-1',
    created_at: '2025-01-01T00:00:00Z',
    status: 'draft',
    steps: [
      {
        step_id: 'build',
        description: 'Build it',
        assigned_role: 'engineer',
        depends_on: [],
        status: 'pending',
      },
      {
        step_id: 'test',
        description: 'Test it',
        assigned_agent_id: 'tester-7',
        depends_on: ['build'],
        tool_to_call: 'run_tests',
        tool_arguments: { suite: 'all' },
      },
      {
        step_id: 'lint',
        description: 'Lint it',
        depends_on: ['build'],
        tool_to_call: 'lint',
        tool_arguments: { fix: false },
      },
    ],
  };

  it('reads step_id, assigned_role/agent, tool_to_call and tool_arguments', () => {
    const workflow = parseWorkflowDefinition(JSON.stringify(definition));
    expect(workflow.definition).toMatchObject({
      id: 'release',
      version: '1',
      status: 'draft',
      creatorId: 'lead-1',
      trigger: { kind: 'manual' },
    });
    const [build, test, lint] = workflow.definition.steps;
    expect(build).toMatchObject({
      name: 'build',
      work: { kind: 'agent', role: 'engineer' },
      idempotent: true,
    });
    expect(test).toMatchObject({
      name: 'test',
      work: { kind: 'agent', agentId: 'tester-7', tool: 'run_tests' },
      input: { suite: 'all' },
      dependsOn: ['build'],
    });
    expect(lint).toMatchObject({
      name: 'lint',
      work: { kind: 'tool', tool: 'lint' },
      input: { fix: false },
      idempotent: false,
    });
  });

  it('accepts the record as data as well as text', () => {
    expect(parseWorkflowDefinition(definition).definition.steps).toHaveLength(3);
  });
});

describe('refusing a definition, naming the path', () => {
  it('names an unknown step read by a template, with its line', () => {
    const yaml = [
      'name: t',
      'steps:',
      '  - name: a',
      '    tool: x',
      '  - name: b',
      '    tool: y',
      '  - name: c',
      '    tool: z',
      '    input:',
      '      text: "${steps.sst.output.text}"',
    ].join('\n');
    expect(issuesOf(yaml)).toEqual([
      { path: 'steps[2].input.text', message: 'unknown step "sst"', line: 10 },
    ]);
    expect(() => parseWorkflowDefinition(yaml)).toThrow(
      'definition is invalid: steps[2].input.text: unknown step "sst" (line 10)',
    );
  });

  it('names an unknown depends_on', () => {
    expect(messages({ name: 't', steps: [tool('a'), tool('c', { depends_on: ['b'] })] })).toEqual([
      'steps[1].depends_on[0]: unknown step "b"',
    ]);
  });

  it('is an InvalidArgumentError with code invalid_argument listing every issue', () => {
    let thrown: unknown;
    try {
      parseWorkflowDefinition({
        name: 't',
        steps: [tool('a', { depends_on: ['x'] }), tool('b', { depends_on: ['y'] })],
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    expect(thrown).toMatchObject({ code: 'invalid_argument', argument: 'definition' });
    expect((thrown as WorkflowDefinitionError).issues).toHaveLength(2);
  });

  it('names a dependency cycle in full, through depends_on and templates alike', () => {
    expect(
      messages({
        name: 't',
        steps: [
          tool('a', { depends_on: ['c'] }),
          tool('b', { depends_on: ['a'] }),
          tool('c', { input: { x: '${steps.b.output}' } }),
        ],
      }),
    ).toEqual(['steps[0]: dependency cycle: "a" waits for "c" waits for "b" waits for "a"']);
    expect(messages({ name: 't', steps: [tool('a', { input: { me: '${steps.a.output}' } })] })).toEqual([
      'steps[0].input.me: step "a" cannot wait for itself (a gate reads its own step as "output")',
    ]);
  });

  it('names fields it does not know, and kinds that do not fit', () => {
    expect(messages({ name: 't', steps: [{ name: 'a', tool: 'x', dependson: ['b'] }] })).toEqual([
      'steps[0].dependson: is not a known field (did you mean "depends_on"?)',
    ]);
    // A short list of the fields there are is given whole; nested steps are walked to.
    expect(messages({ name: 't', steps: [{ name: 'a', wait: { timer_ms: 300 } }] })).toEqual([
      'steps[0].wait.timer_ms: is not a known field (known: delay, schema, signal, until)',
    ]);
    expect(
      messages({
        name: 't',
        steps: [{ name: 'a', parallel: { branches: [{ name: 'b', tool: 'x', qqq: 1 }], conc: 2 } }],
      }),
    ).toEqual([
      'steps[0].parallel.branches[0].qqq: is not a known field',
      'steps[0].parallel.conc: is not a known field (did you mean "concurrency"? known: branches, concurrency)',
    ]);
    expect(messages({ name: 't', steps: [tool('a')], guards: { budget: { maxTokes: 3 } } })).toEqual([
      'guards.budget.maxTokes: is not a known field (did you mean "maxTokens"? known: maxCost, maxMs, maxTokens)',
    ]);
    expect(messages({ name: 't', steps: [{ name: 'a' }] })).toEqual([
      'steps[0]: a step needs one of tool, assigned_role, assigned_agent_id, wait, workflow, parallel or map',
    ]);
    expect(messages({ name: 't', steps: [{ name: 'a', tool: 'x', wait: { signal: 'go' } }] })).toEqual([
      'steps[0]: a step has one kind, but this one has tool and wait',
    ]);
    expect(messages({ name: 't', steps: [{ name: 'a', step_id: 'b', tool: 'x' }] })).toEqual([
      'steps[0].step_id: give name or step_id, not both',
    ]);
    expect(messages({ name: 't', steps: [tool('a'), tool('a')] })).toEqual([
      'steps[1]: step name "a" is used twice (first at steps[0])',
    ]);
    expect(messages({ name: 't', steps: [tool('__proto__')] })).toEqual([
      'steps[0].name: is a reserved name',
    ]);
    expect(messages({ name: 't', steps: [tool('a', { timeout: 'soon' })] })[0]).toMatch(
      /^steps\[0\]\.timeout: must be a duration/,
    );
  });

  it('names bad expressions, templates, typed fields and schemas', () => {
    expect(messages({ name: 't', steps: [tool('a', { input: { x: '${1 +}' } })] })[0]).toMatch(
      /^steps\[0\]\.input\.x: invalid expression "1 \+": .* \(at character \d+\)$/,
    );
    expect(messages({ name: 't', steps: [tool('a', { input: { x: 'hi ${trigger' } })] })).toEqual([
      'steps[0].input.x: unterminated "${" at character 3',
    ]);
    expect(messages({ name: 't', steps: [tool('a', { output: { text: 'strng' } })] })).toEqual([
      'steps[0].output.text: must be a type (string, number, integer, boolean, object, array, null, any), a list "type[]" or nested fields; got "strng"',
    ]);
    expect(
      messages({ name: 't', steps: [tool('a', { gate: { schema: { type: 'nonsense' } } })] })[0],
    ).toMatch(/^steps\[0\]\.gate\.schema: is not a valid JSON Schema/);
    expect(messages({ name: 't', steps: [tool('a', { when: 'steps.zz.output' })] })).toEqual([
      'steps[0].when: unknown step "zz"',
    ]);
  });

  it('checks on_failure targets', () => {
    expect(
      messages({
        name: 't',
        steps: [tool('a'), tool('b', { depends_on: ['a'], on_failure: { goto: 'a' } })],
      }),
    ).toEqual([
      'steps[1].on_failure.goto: "a" has already run when "b" fails: go to a step that comes after it or beside it',
    ]);
    expect(messages({ name: 't', steps: [tool('a', { on_failure: { goto: 'nowhere' } })] })).toEqual([
      'steps[0].on_failure.goto: unknown step "nowhere"',
    ]);
    expect(
      messages({ name: 't', steps: [tool('a'), tool('b', { on_failure: { compensate: ['a'] } })] }),
    ).toEqual(['steps[1].on_failure.compensate[0]: step "a" has no compensate step']);
    expect(messages({ name: 't', steps: [tool('a', { on_failure: 'retry' })] })).toEqual([
      'steps[0].on_failure: must be "fail", "continue", "compensate", { goto: <step> } or { compensate: [<step>, …] }',
    ]);
    expect(messages({ name: 't', steps: [tool('a', { parallel: [tool('b')] })] })).toContain(
      'steps[0]: a step has one kind, but this one has tool and parallel',
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf('name: t\nsteps:\n  - name: a\n    tool: [unclosed\n');
    expect(issues[0]?.path).toBe('');
    expect(issues[0]?.message).toMatch(/^is not valid YAML\/JSON: /);
    expect(issues[0]?.line).toBeGreaterThan(0);
    expect(messages('name: t\nname: u\nsteps: []\n')[0]).toMatch(
      /^: is not valid YAML\/JSON: Map keys must be unique/,
    );
  });

  it("checks a schedule trigger's cron expression", () => {
    expect(messages({ name: 't', trigger: { schedule: 'every day' }, steps: [tool('a')] })[0]).toMatch(
      /^trigger\.schedule: is not a valid cron expression/,
    );
    expect(
      messages({ name: 't', trigger: { event: 'e', schedule: '* * * * *' }, steps: [tool('a')] }),
    ).toEqual(['trigger: must have exactly one of event, schedule or manual']);
  });
});
