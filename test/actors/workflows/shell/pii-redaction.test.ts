/**
 * A workflow whose `guards.security.piiRedaction` is on hands its tools redacted arguments and
 * keeps their results redacted: no sample of a secret or of personal data reaches the tool or
 * the run's record. Without the guard the same data passes as it is.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { defineWorkflow, executeWorkflow, startWorkflows } from '../../../../actors/workflows/index.js';
import { type ActorSystem, createActorSystem } from '../../../../src/kernel/index.js';
import { SAMPLES } from '../../../fixtures/redaction-samples.js';

let system: ActorSystem | undefined;
let dir: string | undefined;
afterEach(async () => {
  await system?.shutdown();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('redacts tool arguments and results under guards.security.piiRedaction, and only then', async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-pii-'));
  system = createActorSystem({ dataDir: dir, threads: 1 });
  const seen: unknown[] = [];
  await startWorkflows(system, {
    tools: {
      crm: (input: unknown) => {
        seen.push(input);
        return { output: { note: `called back ${SAMPLES.map(([sample]) => sample).join(' | ')}` } };
      },
    },
  });
  const text = SAMPLES.map(([sample]) => sample).join(' | ');
  for (const [name, guarded] of [
    ['guarded', true],
    ['open', false],
  ] as const) {
    await defineWorkflow(system, {
      name,
      ...(guarded ? { guards: { security: { piiRedaction: true } } } : {}),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow template, not a JavaScript one
      steps: [{ name: 'crm', tool: 'crm', input: { text: '${trigger.payload.text}', password: 'hunter2' } }],
    });
  }
  const guarded = await executeWorkflow(system, 'guarded', { text });
  expect(guarded.status).toBe('completed');
  const marks = SAMPLES.map(([, kind]) => `[redacted:${kind}]`).join(' | ');
  expect(seen[0]).toEqual({ text: marks, password: '[redacted:secret]' });
  const stored = JSON.stringify(guarded.steps);
  for (const [sample] of SAMPLES) expect(stored).not.toContain(sample);
  expect(stored).toContain('[redacted:email]');

  const open = await executeWorkflow(system, 'open', { text });
  expect(open.status).toBe('completed');
  expect(seen[1]).toEqual({ text, password: 'hunter2' });
});
