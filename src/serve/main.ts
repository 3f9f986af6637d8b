#!/usr/bin/env node
/**
 * The `troupe` command: `troupe serve` (the MCP server over stdio), `troupe demo` (the
 * embedded example), `troupe bench` (the benchmarks).
 */
const USAGE = `usage: troupe <command>

commands:
  serve [--data-dir ./.troupe] [--durability commit|flush|memory] [--threads N] [--log-level info]
        [--frequency-window-s 60] [--frequency-threshold 60]
                        the MCP server over stdio; several on one --data-dir share one runtime
  demo                  run the word-count example on an embedded actor system
  bench [--only a,b]    run the benchmarks (all, or the named scenarios)
  help                  show this text
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve': {
      const { serve } = await import('./serve.js');
      const { UsageError } = await import('./serve-options.js');
      try {
        return await serve(rest);
      } catch (error) {
        if (!(error instanceof UsageError)) throw error;
        process.stderr.write(`troupe serve: ${error.message}\n\n${USAGE}`);
        return 2;
      }
    }
    case 'demo':
      await import('../../examples/word-count.js');
      return 0;
    case 'bench': {
      const { runBench } = await import('../../bench/main.js');
      await runBench(rest);
      return 0;
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

process.exitCode = await main(process.argv.slice(2));
