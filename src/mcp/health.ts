/**
 * The `health` check: overall `healthy | degraded | unhealthy` from per-component checks —
 * the pool's threads, the mailbox backlogs (the largest per actor kind named), the store
 * (size on disk, suspended durable actors named — `degraded`, they keep their data and
 * resume on their own or by `system.resume` — and quarantined messages kept as dead
 * letters), the supervisors, recent incidents, and — with a gateway (`troupe serve --config`) — the downstream
 * servers (`gateway/gateway-health.ts`: `degraded` naming each server in trouble and why) —
 * each bounded by its own timeout, so one stuck component cannot hang the answer.
 */
import { z } from 'zod';
import type { Gateway } from '../../actors/gateway/embedding/gateway.js';
import type { ActorSystem } from '../kernel/index.js';
import { checkGateway } from './gateway/gateway-health.js';
import { IsoTimeSchema } from './records/time.js';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface ComponentCheck {
  readonly name: CheckName;
  readonly status: HealthStatus;
  readonly detail: string;
  readonly ms: number;
}

export interface HealthReport {
  readonly status: HealthStatus;
  readonly checks: ComponentCheck[];
  readonly checked_at: string;
}

const CHECK_NAMES = [
  'threads',
  'mailboxes',
  'store',
  'suspended',
  'supervisors',
  'incidents',
  'gateway',
] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

const StatusSchema = z.enum(['healthy', 'degraded', 'unhealthy']);

/** The report as tools and resources show it. */
export const HealthRecordShape = {
  status: StatusSchema,
  checks: z.array(
    z.object({
      name: z.enum(CHECK_NAMES),
      status: StatusSchema,
      detail: z.string(),
      ms: z.number(),
    }),
  ),
  checked_at: IsoTimeSchema,
};

const CHECK_TIMEOUT_MS = 1_000;
/** Messages waiting in all mailboxes beyond which the system is degraded. */
const BACKLOG_DEGRADED = 100_000;
/** Kinds named in the mailboxes check (the largest backlogs). */
const KINDS_SHOWN = 3;
/** Suspended actors named in the suspended check. */
const SUSPENDED_SHOWN = 5;

async function timed(
  name: ComponentCheck['name'],
  check: () => Promise<Omit<ComponentCheck, 'name' | 'ms'>>,
): Promise<ComponentCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Omit<ComponentCheck, 'name' | 'ms'>>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'unhealthy', detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
      CHECK_TIMEOUT_MS,
    );
  });
  try {
    const outcome = await Promise.race([
      check().catch((error: unknown) => ({ status: 'unhealthy' as const, detail: String(error) })),
      timeout,
    ]);
    return { name, ...outcome, ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/** What else is checked, when the runtime has it. */
export interface HealthExtras {
  /** The gateway in front of downstream servers: adds the `gateway` check. */
  readonly gateway?: Gateway;
}

export async function checkHealth(
  system: ActorSystem,
  supervisors: readonly string[],
  extras: HealthExtras = {},
): Promise<HealthReport> {
  const { gateway } = extras;
  const stats = system.stats();
  const checks = await Promise.all([
    timed('threads', async () => {
      const { threads } = await stats;
      const answering = threads.filter((t) => t.thread >= 0).length;
      return answering === system.options.threads
        ? { status: 'healthy', detail: `${answering} threads answering` }
        : { status: 'unhealthy', detail: `${answering} of ${system.options.threads} threads answering` };
    }),
    timed('mailboxes', async () => {
      const { totals, kinds } = await stats;
      const largest = kinds
        .filter((k) => k.backlog > 0)
        .slice(0, KINDS_SHOWN)
        .map((k) => `${k.kind} ${k.backlog}`);
      return {
        status: totals.queueDepth > BACKLOG_DEGRADED ? 'degraded' : 'healthy',
        detail: `${totals.queueDepth} messages waiting in ${totals.actors} actors${largest.length > 0 ? ` (most: ${largest.join(', ')})` : ''}`,
      };
    }),
    timed('store', async () => {
      const { store } = await stats;
      if (store === null) return { status: 'healthy', detail: 'no store (memory only)' };
      return {
        status: 'healthy',
        detail: `${(store.sizeBytes / 1_048_576).toFixed(1)} MiB on disk, ${store.deadLetters} dead letters kept`,
      };
    }),
    timed('suspended', async () => {
      if (!system.options.store) return { status: 'healthy', detail: 'no store (memory only)' };
      const suspended = system.suspended();
      if (suspended.length === 0) return { status: 'healthy', detail: 'no actor suspended' };
      const named = suspended
        .slice(0, SUSPENDED_SHOWN)
        .map((s) => `${s.id} (${s.reason.code}, resumes ${new Date(s.resumeAt).toISOString()})`);
      return {
        status: 'degraded',
        detail: `${suspended.length} suspended, data kept: ${named.join('; ')}${suspended.length > SUSPENDED_SHOWN ? '; …' : ''}`,
      };
    }),
    timed('supervisors', async () => ({
      status: supervisors.length > 0 ? 'healthy' : 'degraded',
      detail: supervisors.length > 0 ? supervisors.join(', ') : 'no supervisor installed',
    })),
    timed('incidents', async () => {
      const incidents = system.recentIncidents();
      const recent = incidents.filter(
        (e) => e.type === 'thread-jammed' || e.type === 'worker-crashed',
      ).length;
      return { status: recent > 0 ? 'degraded' : 'healthy', detail: `${incidents.length} recent incidents` };
    }),
    ...(gateway ? [timed('gateway', () => checkGateway(gateway))] : []),
  ]);
  const status: HealthStatus = checks.some((c) => c.status === 'unhealthy')
    ? 'unhealthy'
    : checks.some((c) => c.status === 'degraded')
      ? 'degraded'
      : 'healthy';
  return { status, checks, checked_at: new Date().toISOString() };
}
