/**
 * A server actor checking its own health, on the interval of its config's `health`
 * (`ctx.schedule`), right after each start, each check with its own timeout
 * (`connection/health-check.ts`: the whole tool list, and the canary call when
 * configured). The check runs outside the turn and its report re-enters through the
 * mailbox; every server checks itself, so the checks of a gateway run in parallel.
 *
 * A report changes routing (the directory ranks candidates by it) and may change the tool
 * list; a running server unhealthy on `unhealthyChecksBeforeRestart` checks in a row is
 * restarted as after a crash.
 */
import type { ActorContext } from '../../../src/kernel/index.js';
import { checkHealth, type HealthReport, unreachableReport } from '../connection/health-check.js';
import { reenter } from '../reenter.js';
import type { ServerMsg } from './server-messages.js';
import { adoptTools, SERVER_ACTOR_DEFAULTS, type ServerActorState, tellNews } from './server-state.js';
import { crashed } from './server-supervision.js';

type Ctx = ActorContext<ServerMsg>;

/** Start a check if the server runs and none is under way. */
export function startHealthCheck(state: ServerActorState, ctx: Ctx): void {
  const session = state.session;
  if (!session) {
    const { life, clock, allTools, toolHash } = state;
    if (life.kind !== 'starting') {
      state.health = unreachableReport(life.kind, clock.now(), allTools.length, toolHash);
      tellNews(state, ctx);
    }
    return;
  }
  if (state.checking) return;
  state.checking = true;
  const { generation, self, clock, config, toolHash } = state;
  checkHealth({
    session,
    health: config.health,
    knownHash: toolHash,
    clock,
    ...(config.canary ? { canary: config.canary } : {}),
  }).then(
    (report) => reenter(self, { type: 'health-done', generation, report }),
    (error: unknown) => {
      const report: HealthReport = {
        ...unreachableReport('failing its check', clock.now(), session.tools.length, session.toolHash),
        reasons: [`the check failed: ${error instanceof Error ? error.message : String(error)}`],
      };
      reenter(self, { type: 'health-done', generation, report });
    },
  );
}

export function onHealthDone(
  state: ServerActorState,
  ctx: Ctx,
  generation: number,
  report: HealthReport,
): void {
  if (generation !== state.generation) return;
  state.checking = false;
  const session = state.session;
  if (!session) return;
  state.health = report;
  adoptTools(state, session);
  state.unhealthyStreak = report.status === 'unhealthy' ? state.unhealthyStreak + 1 : 0;
  const limit =
    state.options.unhealthyChecksBeforeRestart ?? SERVER_ACTOR_DEFAULTS.unhealthyChecksBeforeRestart;
  if (state.unhealthyStreak < limit) {
    tellNews(state, ctx);
    return;
  }
  const stderr = session.stderrLines();
  state.generation++;
  state.session = undefined;
  void session.close().catch(() => {
    // Closing a session that failed its checks can fail too; the launcher stops the group anyway.
  });
  crashed(state, ctx, `unhealthy: ${report.reasons.join('; ')}`, stderr);
}
