/**
 * The workflow surfaces over MCP, through `troupe serve` and an SDK client that declares
 * elicitation: `execute_workflow` with `wait: true` and a progress token sends one progress
 * notification per step transition; a signal wait step with a schema is asked of the host
 * (`elicitation/create`) and the accepted answer becomes the signal (a declined question
 * leaves the wait for `signal_workflow`); the resources
 * `troupe://workflows/{id}` and `troupe://runs/{id}` are listed, read with the tools' identity
 * rules, and a subscribed run is pushed on every step change.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import {
  ElicitRequestSchema,
  type ElicitResult,
  type JSONRPCMessage,
  ResourceUpdatedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { afterEach, expect, it } from 'vitest';
import {
  CLI,
  caller,
  connect,
  freshDataDir,
  registerAgent,
  removeDataDirs,
  structured,
} from './serve-client.js';

afterEach(() => {
  removeDataDirs();
});

interface ProgressParams {
  progress: number;
  total?: number;
  message?: string;
}

/**
 * A client that declares elicitation and answers each question with `answer(params)`; `sent`
 * collects the progress notifications as they come off the wire. The SDK client hands a
 * notification to its `onprogress` a microtask after reading it but takes an answer at once,
 * so a notification read in the same chunk as its request's answer is dropped by the client
 * (on a loaded machine, the ones sent just before the answer): what the server sent is read here.
 */
async function connectAsking(
  dataDir: string,
  answer: (params: { message: string; requestedSchema?: unknown }) => ElicitResult,
): Promise<{ client: Client; questions: string[]; sent: ProgressParams[] }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--data-dir', dataDir, '--threads', '2'],
    stderr: process.env.TROUPE_TEST_STDERR ? 'inherit' : 'ignore',
  });
  const client = new Client(
    { name: 'troupe-test-host', version: '0.0.0' },
    { capabilities: { elicitation: {} } },
  );
  const questions: string[] = [];
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    questions.push(request.params.message);
    return answer(request.params as { message: string; requestedSchema?: unknown });
  });
  await client.connect(transport);
  const sent: ProgressParams[] = [];
  const read = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if ('method' in message && message.method === 'notifications/progress')
      sent.push(message.params as unknown as ProgressParams);
    read?.(message);
  };
  return { client, questions, sent };
}

const APPROVAL = {
  name: 'Approval',
  version: '1',
  steps: [
    { name: 'draft', wait: { delay: '20ms' } },
    {
      name: 'approve',
      description: 'Approve the draft?',
      wait: {
        signal: 'approved',
        schema: {
          type: 'object',
          properties: { ok: { type: 'boolean' }, note: { type: 'string' } },
          required: ['ok'],
        },
      },
      depends_on: ['draft'],
    },
    { name: 'publish', wait: { delay: '20ms' }, depends_on: ['approve'] },
  ],
};

const until = async (done: () => boolean | Promise<boolean>, what: string) => {
  for (let tries = 0; tries < 200; tries++) {
    if (await done()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
};

it('reports progress per step and turns an accepted elicitation into the signal', async () => {
  const { client, questions, sent } = await connectAsking(freshDataDir('mcp-wf-elicit'), () => ({
    action: 'accept',
    content: { ok: true, note: 'ship it' },
  }));
  try {
    const call = caller(client);
    await registerAgent(client, 'ada');
    expect((await call('define_workflow', { definition: APPROVAL })).error).toBeUndefined();
    const heard: ProgressParams[] = [];
    const result = structured(
      await client.callTool(
        {
          name: 'execute_workflow',
          arguments: { workflow_id: 'Approval', triggering_agent_id: 'ada', wait: true },
        },
        undefined,
        { onprogress: (update) => heard.push(update), timeout: 60_000 },
      ),
    );
    expect(result.result).toMatchObject({ status: 'completed' });
    const steps = (result.result as { steps: { name: string; output?: unknown }[] }).steps;
    expect(steps.find((step) => step.name === 'approve')?.output).toEqual({ ok: true, note: 'ship it' });
    expect(questions).toEqual(['Approve the draft?']);
    expect(steps.map((step) => (step as { status?: string }).status)).toEqual([
      'completed',
      'completed',
      'completed',
    ]);
    // One notification per transition that moves the run on, each naming the step and its status,
    // the last (all three steps done) sent before the answer.
    expect(sent.every((update) => update.total === 3)).toBe(true);
    expect(sent.map((update) => update.message)).toEqual(
      expect.arrayContaining(['draft: waiting', 'approve: waiting', 'approve: completed']),
    );
    expect(sent.at(-1)).toEqual({
      progressToken: expect.anything(),
      progress: 3,
      total: 3,
      message: 'publish: completed',
    });
    const counts = sent.map((update) => update.progress);
    // MCP: each notification's progress is above the last one's.
    expect(counts.every((count, i) => i === 0 || count > (counts[i - 1] as number))).toBe(true);
    // The client's handler heard them in order, all but any read together with the answer.
    expect(heard.length).toBeGreaterThanOrEqual(2);
    expect(heard).toEqual(
      sent.slice(0, heard.length).map(({ progress, total, message }) => ({ progress, total, message })),
    );
  } finally {
    await client.close();
  }
});

it('leaves the wait in place when the answer is declined; signal_workflow ends it', async () => {
  let answers = 0;
  const { client, questions } = await connectAsking(freshDataDir('mcp-wf-decline'), () => {
    answers++;
    return { action: 'decline' };
  });
  try {
    const call = caller(client);
    await registerAgent(client, 'ada');
    await call('define_workflow', { definition: APPROVAL });
    const runId = (await call('execute_workflow', { workflow_id: 'Approval', triggering_agent_id: 'ada' }))
      .run_id as string;
    await until(() => answers === 1, 'the question');
    const view = async () =>
      (await call('get_workflow_run', { agent_id: 'ada', run_id: runId })).run as {
        status: string;
        steps: { name: string; status: string }[];
      };
    expect((await view()).steps.find((step) => step.name === 'approve')?.status).toBe('waiting');
    expect(questions).toHaveLength(1);
    expect(
      await call('signal_workflow', {
        agent_id: 'ada',
        run_id: runId,
        signal: 'approved',
        payload: { ok: false },
      }),
    ).toMatchObject({ signalled: true });
    await until(async () => (await view()).status === 'completed', 'the run to complete');
  } finally {
    await client.close();
  }
});

it('serves troupe://workflows/{id} and troupe://runs/{id}, pushing a subscribed run on every step change', async () => {
  const dataDir = freshDataDir('mcp-wf-resources');
  const client = await connect(dataDir);
  const other = await connect(dataDir);
  try {
    const call = caller(client);
    await registerAgent(client, 'ada');
    await registerAgent(other, 'bob');
    await call('define_workflow', { definition: APPROVAL });
    const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
    expect(templates).toEqual(expect.arrayContaining(['troupe://workflows/{id}', 'troupe://runs/{id}']));
    const workflow = JSON.parse(
      ((await client.readResource({ uri: 'troupe://workflows/Approval' })).contents[0] as { text: string })
        .text,
    );
    expect(workflow).toMatchObject({
      workflow: { name: 'Approval', version: '1', status: 'active' },
      versions: [{ version: '1', status: 'active' }],
    });

    const runId = (await call('execute_workflow', { workflow_id: 'Approval', triggering_agent_id: 'ada' }))
      .run_id as string;
    const uri = `troupe://runs/${runId}`;
    const updates: string[] = [];
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
    });
    await client.subscribeResource({ uri });
    // The run is ada's: bob's session may neither read nor follow it.
    await expect(other.readResource({ uri })).rejects.toThrow(/does not act for "ada"/);
    await expect(other.subscribeResource({ uri })).rejects.toThrow(/does not act for "ada"/);
    expect((await other.listResources()).resources.map((r) => r.uri)).not.toContain(uri);
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain(uri);

    const read = async () =>
      JSON.parse(((await client.readResource({ uri })).contents[0] as { text: string }).text).run as {
        status: string;
        steps: { name: string; status: string }[];
      };
    await until(
      async () => (await read()).steps.find((step) => step.name === 'approve')?.status === 'waiting',
      'the approval wait',
    );
    // (Whether the first steps' changes were pushed depends on how soon the subscription came.)
    const before = updates.length;
    await call('signal_workflow', {
      agent_id: 'ada',
      run_id: runId,
      signal: 'approved',
      payload: { ok: true },
    });
    await until(async () => (await read()).status === 'completed', 'the run to complete');
    // approve completed, publish waiting, publish completed, the run completed: each is a change of the
    // run; the push follows the change watch, which answers a watcher once for the changes made while
    // it was not waiting — on a loaded machine the four can arrive as one or two pushes.
    await until(() => updates.length > before, 'the pushes');
    expect(new Set(updates)).toEqual(new Set([uri]));
    await expect(client.readResource({ uri: 'troupe://runs/nope' })).rejects.toThrow(/no workflow run/);
  } finally {
    await client.close();
    await other.close();
  }
});
