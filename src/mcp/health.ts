/**
 * The `health` check: overall `healthy | degraded | unhealthy` from per-component checks —
 * the store, the pool's threads, the supervisors, the mailbox backlogs — each bounded by
 * its own timeout, so one stuck component cannot hang the answer.
 */
import { z } from 'zod';
import type { ActorSystem } from '../kernel/index.js';
import { IsoTimeSchema } from './records/time.js';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

export interface ComponentCheck {
  readonly name: 'threads' | 'mailboxes' | 'supervisors' | 'incidents';
  readonly status: HealthStatus;
  readonly detail: string;
  readonly ms: number;
}

export interface HealthReport {
  readonly status: HealthStatus;
  readonly checks: ComponentCheck[];
  readonly checked_at: string;
}

const StatusSchema = z.enum(['healthy', 'degraded', 'unhealthy']);

/** The report as tools and resources show it. */
export const HealthRecordShape = {
  status: StatusSchema,
  checks: z.array(
    z.object({
      name: z.enum(['threads', 'mailboxes', 'supervisors', 'incidents']),
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

export async function checkHealth(
  system: ActorSystem,
  supervisors: readonly string[],
): Promise<HealthReport> {
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
      const { totals } = await stats;
      return {
        status: totals.queueDepth > BACKLOG_DEGRADED ? 'degraded' : 'healthy',
        detail: `${totals.queueDepth} messages waiting in ${totals.actors} actors`,
      };
    }),
    timed('supervisors', async () => ({
      status: supervisors.length > 0 ? 'healthy' : 'degraded',
      detail: supervisors.length > 0 ? supervisors.join(', ') : 'no supervisor installed',
    })),
    timed('incidents', async () => {
      const { incidents } = await system.inspect();
      const recent = incidents.filter(
        (e) => e.type === 'thread-jammed' || e.type === 'worker-crashed',
      ).length;
      return { status: recent > 0 ? 'degraded' : 'healthy', detail: `${incidents.length} recent incidents` };
    }),
  ]);
  const status: HealthStatus = checks.some((c) => c.status === 'unhealthy')
    ? 'unhealthy'
    : checks.some((c) => c.status === 'degraded')
      ? 'degraded'
      : 'healthy';
  return { status, checks, checked_at: new Date().toISOString() };
}
