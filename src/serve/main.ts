#!/usr/bin/env node
/**
 * The `troupe` command: `troupe serve` (the MCP server over stdio), `troupe inspect` (look
 * inside a running one: inspect/), `troupe demo` (the story: demo/), `troupe bench` (the
 * benchmarks), `troupe workflow` (validate or run a workflow definition: workflow.ts).
 *
 * The benchmarks are a client of the package, shipped beside it in `dist/`: `bench` runs them
 * as a program of its own (a child `node`, same arguments and stdio, its exit status passed
 * on) rather than importing them into the runtime's code.
 */
import { spawn } from 'node:child_process';
import * as nodeModule from 'node:module';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { INSPECT_USAGE } from './inspect/inspect-usage.js';
import { WORKFLOW_USAGE } from './workflow-usage.js';

// Node >= 22.8 keeps the compiled code of the modules it loads on disk (in the OS temp dir) and
// reuses it on the next start: a `troupe serve` starts ~20% faster. Older Nodes lack it.
(nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const USAGE = `usage: troupe <command>

commands:
  serve [--data-dir ./.troupe] [--durability commit|flush|memory] [--threads N] [--log-level info]
        [--mode basic|full|debug|disabled] [--max-message-bytes 4194304]
        [--inbox-limit 10000] [--config troupe.config.json|yaml]
        [--http [host:]port] [--http-token T] [--http-session-ttl-s 1800]
        [--http-max-sessions 1000] [--http-stateless] [--http-port-file <path>] [--no-stdio]
        [--alert-interval-s 15] [--otel] [--admin-token-file FILE]
                        the MCP server over stdio; several on one --data-dir share one runtime;
                        with a config (default: troupe.config.* beside the data dir), a gateway
                        in front of its mcpServers, its alerts evaluated and its roles policy
                        applied (operator token: TROUPE_ADMIN_TOKEN or the file); --http also serves
                        MCP (Streamable HTTP, /mcp) and health endpoints over HTTP (token:
                        TROUPE_HTTP_TOKEN); --otel exports traces over OTLP/HTTP
                        (OTEL_EXPORTER_OTLP_ENDPOINT)
  demo                  the story, in ~20 s: agents, a workflow, a deadlock, a jam, a kill -9
${INSPECT_USAGE}
  bench [--only a,b]    run the benchmarks (all, or the named scenarios)
${WORKFLOW_USAGE}
  help                  show this text
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { serve } = await import('./serve.js');
      const { UsageError } = await import('./serve-options.js');
      const { GatewayConfigError } = await import('../../actors/gateway/errors.js');
      const { AlertConfigError } = await import('../mcp/alerts/alert-config.js');
      const { AccessConfigError } = await import('../../actors/access/access-config.js');
      try {
        return await serve(rest);
      } catch (error) {
        if (error instanceof GatewayConfigError) {
          // Every issue on a line of its own, each naming its path in the file.
          const lines = error.issues.map((issue) => `  ${issue.path} ${issue.message}\n`).join('');
          process.stderr.write(`troupe serve: ${error.file ?? 'the gateway config'} is invalid:\n${lines}`);
          return 2;
        }
        if (error instanceof AlertConfigError) {
          const lines = error.issues.map((issue) => `  ${issue.path} ${issue.message}\n`).join('');
          process.stderr.write(`troupe serve: the config's alerts section is invalid:\n${lines}`);
          return 2;
        }
        if (error instanceof AccessConfigError) {
          const lines = error.issues.map((issue) => `  ${issue.path} ${issue.message}\n`).join('');
          process.stderr.write(`troupe serve: the config's access sections are invalid:\n${lines}`);
          return 2;
        }
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`troupe serve: ${error.message}\n\n${USAGE}`);
        return 2;
      }
    }
    case 'demo': {
      const { runDemo } = await import('./demo/demo.js');
      return runDemo(rest);
    }
    case 'inspect': {
      const { inspectCommand } = await import('./inspect/inspect.js');
      return inspectCommand(rest, USAGE);
    }
    case 'bench':
      return runProgram(new URL('../../bench/main.js', import.meta.url), rest);
    case 'workflow': {
      const { workflowCommand } = await import('./workflow.js');
      return workflowCommand(rest);
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`troupe: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

/** Run the script at `url` in a child `node` with `args` and this process's stdio; its exit status. */
function runProgram(url: URL, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(url), ...args], {
    stdio: 'inherit',
  });
  return new Promise((resolve) => {
    child.once('error', (error) => {
      process.stderr.write(`troupe: cannot run ${fileURLToPath(url)}: ${error.message}\n`);
      resolve(1);
    });
    // A child killed by a signal exits as a shell reports it: 128 + the signal's number.
    child.once('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}

process.exitCode = await main(process.argv.slice(2));
