// biome-ignore-all lint/suspicious/noTemplateCurlyInString: workflow templates are written as ${…} inside plain strings
/**
 * The gateway without MCP: a Node service puts troupe's gateway in front of a downstream MCP
 * server (server-everything from npm, a child process the gateway supervises), calls one of
 * its tools by its exposed name, gets a read-only answer from the shared cache the second
 * time (another agent, the same arguments in another order), and runs a workflow whose steps
 * are the downstream tool and a function of the service's own.
 *
 * Run: `npm run build && node dist/examples/gateway.js`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createActorSystem, startGateway, workflows } from '../src/index.js';

const require = createRequire(import.meta.url);
const everything = join(
  dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
  'dist',
  'index.js',
);

const dataDir = mkdtempSync(join(tmpdir(), 'troupe-example-gateway-'));
const system = createActorSystem({ threads: 2, dataDir });
// The `mcpServers` section of troupe.config.json, as an object (a file's path works with loadGatewayConfig).
const gateway = await startGateway(system, {
  mcpServers: {
    everything: { command: process.execPath, args: [everything, 'stdio'], cache: { ttl_s: 60 } },
  },
});

function textOf(result: { content: readonly { type: string; text?: string }[] }): string {
  return result.content.map((part) => part.text ?? '').join('');
}

try {
  const echo = await gateway.callTool('everything__echo', { message: 'hello' });
  const first = await gateway.callTool('everything__get-sum', { a: 20, b: 22 }, { sessionId: 'agent-a' });
  const second = await gateway.callTool('everything__get-sum', { b: 22, a: 20 }, { sessionId: 'agent-b' });

  // Workflow tool steps: the service's functions by name, any other name through the gateway.
  const shout = (args: unknown) => ({ output: String((args as { text: unknown }).text).toUpperCase() });
  await workflows.startWorkflows(system, {
    tools: workflows.createFunctionTools({ shout }, workflows.createGatewayTools(gateway)),
  });
  await workflows.defineWorkflow(system, {
    name: 'echo-then-shout',
    version: '1',
    steps: [
      { name: 'echo', tool: 'everything__echo', input: { message: '${trigger.payload.text}' } },
      { name: 'shout', tool: 'shout', input: { text: '${steps.echo.output}' } },
    ],
  });
  const run = await workflows.executeWorkflow(system, 'echo-then-shout', { text: 'through the gateway' });

  process.stdout.write(
    `${JSON.stringify({
      echo: textOf(echo.result),
      sum: textOf(second.result),
      cached: [first.cached, second.cached],
      run: run.status,
      output: run.steps.at(-1)?.output,
    })}\n`,
  );
} finally {
  await gateway.stop();
  await system.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
}
