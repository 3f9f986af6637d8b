/**
 * The vocabulary of `troupe inspect`: its views and its lines of the command's usage text
 * (kept apart, as `workflow-usage.ts` is: `troupe help` loads no MCP client).
 */
export const VIEWS = ['tree', 'agents', 'locks', 'waits', 'runs', 'servers', 'incidents'] as const;
export type ViewName = (typeof VIEWS)[number];

export const INSPECT_USAGE = `  inspect <${VIEWS.join('|')}> [--data-dir ./.troupe]
          [--watch] [--interval 1000] [--json] [--agent <id>]
                        look inside the runtime running on a data dir, read-only (attached as a
                        second troupe serve is): --watch redraws until Ctrl-C, --json for scripts;
                        --agent reads as that agent (token in TROUPE_AGENT_TOKEN): its workflow runs
  inspect --web [host:]port [--data-dir ./.troupe] [--http-token T]
                        serve the web inspector's page for that runtime, read-only (off loopback
                        with a bearer token: --http-token or TROUPE_HTTP_TOKEN)`;
