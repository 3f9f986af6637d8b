/**
 * `troupe workflow validate|run`: a good definition is valid, a broken one is refused with
 * the file, line and path of each issue (exit 1); `run` with a tools module runs the bilingual
 * coach to completion, a line per step change on stderr and the result as JSON on stdout; tools
 * exported by name work too; a file it cannot read or a tools module it cannot load is one line, exit 2.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../src/serve/main.js', import.meta.url));
const COACH = fileURLToPath(
  new URL('../../../test/fixtures/workflows/bilingual-coach.yaml', import.meta.url),
);
const run = promisify(execFile);
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'troupe-workflow-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('validates a definition, and names the line and path of what is wrong', async () => {
  const good = await run(process.execPath, [CLI, 'workflow', 'validate', COACH]);
  expect(good.stdout).toBe('Bilingual Coach Workflow 1.0.0: valid, 5 steps\n');
  const bad = join(dir, 'bad.yaml');
  await writeFile(bad, 'name: x\nsteps:\n  - name: a\n    tool: t\n    depends_on: [b]\n');
  const refused = await run(process.execPath, [CLI, 'workflow', 'validate', bad]).catch(
    (error: unknown) => error,
  );
  expect(refused).toMatchObject({ code: 1, stderr: `${bad}:5: steps[0].depends_on[0]: unknown step "b"\n` });
});

it('runs a workflow with the tools of a module, showing each step as it changes', async () => {
  const tools = join(dir, 'tools.mjs');
  await writeFile(
    tools,
    `export default {
      'stt.transcribe': () => ({ output: { text: 'I has a cat', confidence: 0.9, segments: [] } }),
      'nlu.analyze': () => ({ output: { intent: 's', grammar: {}, entities: [], sentiment: 'n', confidence: 0.8 } }),
      'mt.translate': () => ({ output: { translation: 'Tengo un gato' } }),
      'feedback.generate': () => ({ output: { feedback: 'ok', score: 90 } }),
      'tts.synthesize': () => ({ output: { audioUrl: 'mem://x' } }),
    };\n`,
  );
  const input = JSON.stringify({ userId: 'u', sessionId: 's', targetLanguage: 'es', sourceLanguage: 'en' });
  const done = await run(
    process.execPath,
    [CLI, 'workflow', 'run', COACH, '--tools', tools, '--input', input],
    {
      timeout: 60_000,
    },
  );
  const result = JSON.parse(done.stdout) as { status: string; steps: { name: string; status: string }[] };
  expect(result.status).toBe('completed');
  expect(result.steps.every((step) => step.status === 'completed')).toBe(true);
  expect(done.stderr).toMatch(/text_to_speech {2}completed {2}\(attempt 1\)/);
}, 90_000);

it('takes named tool exports too, and says in one line what it cannot read or load', async () => {
  const hello = join(dir, 'hello.yaml');
  await writeFile(
    hello,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a workflow template, not a JavaScript one
    'name: hello\nsteps:\n  - name: greet\n    tool: echo\n    input: { text: "hi ${trigger.payload.who}" }\n  - name: shout\n    tool: uppercase\n    input: { text: "${steps.greet.output.text}" }\n',
  );
  const tools = join(dir, 'named.mjs');
  await writeFile(
    tools,
    'export const echo = (args) => ({ output: { text: args.text } });\nexport const uppercase = (args) => ({ output: { text: String(args.text).toUpperCase() } });\n',
  );
  const done = await run(
    process.execPath,
    [CLI, 'workflow', 'run', hello, '--tools', tools, '--input', '{"who":"bob"}'],
    { timeout: 60_000 },
  );
  expect(JSON.parse(done.stdout)).toMatchObject({
    status: 'completed',
    steps: [{}, { output: { text: 'HI BOB' } }],
  });
  const missing = join(dir, 'missing.yaml');
  expect(
    await run(process.execPath, [CLI, 'workflow', 'validate', missing]).catch((error: unknown) => error),
  ).toMatchObject({
    code: 2,
    stderr: expect.stringMatching(new RegExp(`^${missing}: cannot be read: ENOENT[^\\n]*\\n$`)),
  });
  const empty = join(dir, 'empty.mjs');
  await writeFile(empty, 'export const notATool = 42;\n');
  for (const [module, why] of [
    [join(dir, 'absent.mjs'), 'cannot be loaded'],
    [empty, 'exports no tool function'],
  ] as const)
    expect(
      await run(process.execPath, [CLI, 'workflow', 'run', hello, '--tools', module]).catch(
        (error: unknown) => error,
      ),
    ).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(new RegExp(`^--tools ${module}: ${why}[^\\n]*\\n$`)),
    });
}, 90_000);
