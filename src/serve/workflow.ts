/**
 * `troupe workflow validate <file>` — read a definition (YAML or JSON) and say whether it can
 * run, listing every issue with its path and line; `troupe workflow run <file> --input <json>
 * [--tools <module>] [--data-dir <dir>]` — define it and run it once on an embedded system,
 * with a live line per step change on stderr and the result (`{ status, duration, steps }`)
 * as JSON on stdout. Tool steps call the functions the `--tools` module exports by tool name
 * (`export const 'stt.transcribe'` via an object: `export default { 'stt.transcribe': fn }`).
 * Without `--data-dir` the run lives in a temporary store, removed afterwards.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  defineWorkflow,
  parseWorkflowDefinition,
  startWorkflowRun,
  startWorkflows,
  type ToolFunction,
  WorkflowDefinitionError,
} from '../../actors/workflows/index.js';
import { createActorSystem } from '../kernel/index.js';
import { WORKFLOW_USAGE } from './workflow-usage.js';

function option(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

export async function workflowCommand(args: readonly string[]): Promise<number> {
  const [action, file] = args;
  if ((action !== 'validate' && action !== 'run') || file === undefined) {
    process.stderr.write(`usage:\n${WORKFLOW_USAGE}\n`);
    return 2;
  }
  const source = await readFile(file, 'utf8');
  let workflow: ReturnType<typeof parseWorkflowDefinition>;
  try {
    workflow = parseWorkflowDefinition(source);
  } catch (error) {
    if (!(error instanceof WorkflowDefinitionError)) throw error;
    for (const issue of error.issues)
      process.stderr.write(
        `${file}${issue.line === undefined ? '' : `:${issue.line}`}: ${issue.path || '(definition)'}: ${issue.message}\n`,
      );
    return 1;
  }
  const { definition } = workflow;
  if (action === 'validate') {
    process.stdout.write(
      `${definition.name} ${definition.version}: valid, ${definition.steps.length} steps\n`,
    );
    return 0;
  }
  let payload: unknown = {};
  const input = option(args, '--input');
  if (input !== undefined) {
    try {
      payload = JSON.parse(input);
    } catch (error) {
      process.stderr.write(`--input is not JSON: ${(error as Error).message}\n`);
      return 2;
    }
  }
  const toolsModule = option(args, '--tools');
  const tools: Record<string, ToolFunction> =
    toolsModule === undefined
      ? {}
      : ((
          (await import(pathToFileURL(resolve(toolsModule)).href)) as {
            default?: Record<string, ToolFunction>;
          }
        ).default ?? {});
  const given = option(args, '--data-dir');
  const dataDir = given ?? (await mkdtemp(join(tmpdir(), 'troupe-workflow-run-')));
  const system = createActorSystem({ dataDir });
  try {
    const engine = await startWorkflows(system, { tools });
    const started = Date.now();
    engine.listen((message) => {
      if (message.type === 'progress')
        process.stderr.write(
          `${((Date.now() - started) / 1000).toFixed(2).padStart(7)} s  ${message.step}${message.child === undefined ? '' : `[${message.child}]`}  ${message.status}  (attempt ${message.attempt})\n`,
        );
    });
    await defineWorkflow(system, source);
    const run = await startWorkflowRun(system, definition.name, payload, {}, { version: definition.version });
    const result = await run.result;
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return result.status === 'completed' ? 0 : 1;
  } finally {
    await system.shutdown();
    if (given === undefined) await rm(dataDir, { recursive: true, force: true });
  }
}
