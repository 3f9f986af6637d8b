/**
 * A server actor's status as `servers()` and `get_server_status` show it (seed 001): its
 * state, `required_env_status`, restarts, the last error with the last stderr lines, tool
 * count, latency percentiles, calls in flight and waiting, the circuit. The cache counts
 * belong to the directory, which fills them in.
 */
import { findMissingEnv } from '../process/child-environment.js';
import type { ServerStatus } from './server-messages.js';
import { exposedTools, type ServerActorState } from './server-state.js';

export function statusOf(state: ServerActorState): ServerStatus {
  const { config, life } = state;
  const missing = new Set(findMissingEnv(config, state.options.env ?? process.env));
  const envNames = [...new Set([...config.requiredEnv, ...config.unresolvedEnv])];
  const running = state.guard.inFlight;
  const queuedCalls = state.queued.filter(({ request }) => request.type === 'call').length;
  const lastError =
    life.kind === 'crash_loop'
      ? { message: life.lastError, stderr: life.stderr }
      : state.lastError === undefined
        ? undefined
        : { message: state.lastError, stderr: state.lastStderr };
  const health = state.health;
  return {
    name: state.name,
    ...(config.title === undefined ? {} : { title: config.title }),
    ...(config.description === undefined ? {} : { description: config.description }),
    ...(config.provider === undefined ? {} : { provider: config.provider }),
    tags: config.tags,
    capabilities: config.capabilities,
    transport: config.transport.kind,
    state: life.kind,
    ...sinceOf(state),
    ...(life.kind === 'running' && life.pgid !== undefined ? { pgid: life.pgid } : {}),
    requiredEnvStatus: envNames.map((name) => ({ name, status: missing.has(name) ? 'missing' : 'set' })),
    restarts: state.window.total,
    ...(state.lastRestart ? { lastRestart: { ...state.lastRestart } } : {}),
    ...(lastError ? { lastError: { message: lastError.message, stderr: [...lastError.stderr] } } : {}),
    ...(health
      ? {
          health: {
            status: health.status,
            reasons: [...health.reasons],
            checkedAt: health.checkedAt,
            latencyMs: health.latencyMs,
          },
        }
      : {}),
    toolCount: exposedTools(state).length,
    toolHash: state.toolHash,
    latencyMs: state.latency.summary(),
    callsInFlight: running,
    callsWaiting: Math.max(0, state.calls.size - running) + queuedCalls,
    circuit: state.guard.breaker.state.kind,
    cache: { hits: 0, misses: 0 },
  };
}

function sinceOf(state: ServerActorState): { since?: number } {
  const life = state.life;
  switch (life.kind) {
    case 'starting':
    case 'running':
    case 'idle':
    case 'crash_loop':
      return { since: life.since };
    case 'backoff':
    case 'stopped':
    case 'disabled':
    case 'missing_env':
      return {};
  }
}
