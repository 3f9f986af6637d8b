/**
 * The coordination domain's and the workflows' metric families:
 *
 * | family | type | labels | from |
 * |---|---|---|---|
 * | `troupe_agents` | gauge | `status` | the agents table, at scrape (bounded, see below) |
 * | `troupe_tasks` | gauge | `status` | the tasks-by-status index, at scrape (bounded) |
 * | `troupe_messages_sent_total` | counter | | messages accepted by `send_message` / `request_assistance` |
 * | `troupe_messages_delivered_total` | counter | | messages handed to their recipient by `fetch_inbox` |
 * | `troupe_messages_acknowledged_total` | counter | | messages acknowledged by their recipient |
 * | `troupe_messages_expired_total` | counter | | messages that left an inbox unread, their time-to-live over (the change watch's total) |
 * | `troupe_lock_waits_total` | counter | | lock waits reported to the deadlock detector (an acquire that found the lock held and waits) |
 * | `troupe_lock_grants_total` | counter | | leases granted by `acquire_file_lock` |
 * | `troupe_workflow_runs_total` | counter | `workflow`, `status` | runs that ended |
 * | `troupe_workflow_step_duration_seconds` | histogram | `workflow`, `step`, `status` | each step of a run that ended |
 *
 * The message and lock counters count what this runtime's MCP sessions did (the tool calls
 * told to the `ToolCallHub`). The status gauges read at most {@link COUNT_BOUND} records per
 * scrape, and at most once every {@link GAUGE_REFRESH_MS}: past the bound they say so with
 * `troupe_domain_counts_capped 1`. Workflow and step names come from definitions (bounded).
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import {
  AGENT_STATUSES,
  AGENTS_TABLE,
  type Agent,
} from '../../../actors/coordination/agents/agent-record.js';
import type { WatchTotals } from '../../../actors/coordination/change-watch.js';
import type { Coordination } from '../../../actors/coordination/coordination.js';
import { TASKS_BY_STATUS_TABLE } from '../../../actors/coordination/tasks/task-indexes.js';
import { TASK_STATUSES } from '../../../actors/coordination/tasks/task-record.js';
import type { DeadlockDetector } from '../../../actors/supervisors/deadlock/index.js';
import type { WorkflowEngine } from '../../../actors/workflows/index.js';
import type { TableKey } from '../../kernel/index.js';
import type { ToolCallHub } from '../tool-events.js';
import { collectedCounter, collectedGauge, perScrape, type Sample } from './families.js';

/** Records read at most per count. */
export const COUNT_BOUND = 10_000;
export const GAUGE_REFRESH_MS = 5_000;
const PAGE = 1_000;
/** How long a scrape waits for the change watch's totals. */
const TOTALS_TIMEOUT_MS = 2_000;

export interface DomainSources {
  readonly coordination: Coordination;
  readonly hub?: ToolCallHub;
  readonly detector?: DeadlockDetector;
  readonly workflows?: WorkflowEngine;
}

export function registerDomainMetrics(registry: Registry, sources: DomainSources): () => void {
  const { system } = sources.coordination;
  let capped = false;
  const counts = perScrape(async () => {
    capped = false;
    const agents = new Map<string, number>(AGENT_STATUSES.map((status) => [status, 0]));
    let read = 0;
    let after: TableKey | undefined;
    for (;;) {
      const page = system
        .table<Agent>(AGENTS_TABLE)
        .range({ limit: PAGE, ...(after === undefined ? {} : { after }) });
      for (const { value } of page) agents.set(value.status, (agents.get(value.status) ?? 0) + 1);
      read += page.length;
      if (page.length < PAGE) break;
      if (read >= COUNT_BOUND) {
        capped = true;
        break;
      }
      after = (page[page.length - 1] as { key: TableKey }).key;
    }
    const tasks = new Map<string, number>();
    for (const status of TASK_STATUSES) {
      let count = 0;
      let after: TableKey | undefined;
      for (;;) {
        const page = system
          .table(TASKS_BY_STATUS_TABLE)
          .range({ prefix: [status], limit: PAGE, ...(after === undefined ? {} : { after }) });
        count += page.length;
        if (page.length < PAGE) break;
        if (count >= COUNT_BOUND) {
          capped = true;
          break;
        }
        after = (page[page.length - 1] as { key: TableKey }).key;
      }
      tasks.set(status, count);
    }
    return { agents, tasks };
  }, GAUGE_REFRESH_MS);
  const samplesOf = (map: ReadonlyMap<string, number>): Sample[] =>
    [...map].map(([status, value]) => ({ labels: { status }, value }));
  collectedGauge(registry, 'troupe_agents', 'Registered agents, by status', ['status'], async () =>
    samplesOf((await counts()).agents),
  );
  collectedGauge(registry, 'troupe_tasks', 'Tasks, by status', ['status'], async () =>
    samplesOf((await counts()).tasks),
  );
  collectedGauge(
    registry,
    'troupe_domain_counts_capped',
    `1 when troupe_agents or troupe_tasks stopped counting at ${COUNT_BOUND} records`,
    [],
    async () => {
      await counts();
      return [{ labels: {}, value: capped ? 1 : 0 }];
    },
  );

  const sent = new Counter({
    name: 'troupe_messages_sent_total',
    help: 'Messages put in inboxes by send_message and request_assistance',
    registers: [registry],
  });
  const delivered = new Counter({
    name: 'troupe_messages_delivered_total',
    help: 'Messages handed to their recipient by fetch_inbox',
    registers: [registry],
  });
  const acknowledged = new Counter({
    name: 'troupe_messages_acknowledged_total',
    help: 'Messages their recipient acknowledged (acknowledge_message)',
    registers: [registry],
  });
  const { watch } = sources.coordination;
  collectedCounter(
    registry,
    'troupe_messages_expired_total',
    'Messages that left their inbox unread because their time-to-live ran out',
    [],
    // A change watch that does not answer (restarting) leaves the family without a sample, not the scrape failed.
    () =>
      watch.ask<WatchTotals>({ type: 'totals' }, { timeoutMs: TOTALS_TIMEOUT_MS }).then(
        (totals) => [{ labels: {}, value: totals.messagesExpired }],
        () => [],
      ),
  );
  const grants = new Counter({
    name: 'troupe_lock_grants_total',
    help: 'File leases granted by acquire_file_lock',
    registers: [registry],
  });
  const { detector } = sources;
  collectedCounter(
    registry,
    'troupe_lock_waits_total',
    'Lock acquisitions that found the lock held and waited for it',
    [],
    async () => [{ labels: {}, value: detector?.waitsReported.lock ?? 0 }],
  );
  const stopHub = sources.hub?.subscribe(({ tool, result }) => {
    switch (tool) {
      case 'send_message':
        sent.inc();
        return;
      case 'request_assistance':
        sent.inc(Array.isArray(result.messages) ? result.messages.length : 0);
        return;
      case 'fetch_inbox':
        delivered.inc(Array.isArray(result.messages) ? result.messages.length : 0);
        return;
      case 'acknowledge_message':
        acknowledged.inc();
        return;
      case 'acquire_file_lock':
        grants.inc();
        return;
      default:
        return;
    }
  });

  const runs = new Counter({
    name: 'troupe_workflow_runs_total',
    help: 'Workflow runs that ended, by workflow and status',
    labelNames: ['workflow', 'status'],
    registers: [registry],
  });
  const steps = new Histogram({
    name: 'troupe_workflow_step_duration_seconds',
    help: 'Steps of the workflow runs that ended, by workflow, step and status',
    labelNames: ['workflow', 'step', 'status'],
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600],
    registers: [registry],
  });
  const stopRuns = sources.workflows?.listen((message) => {
    if (message.type !== 'finished') return;
    const { workflow, status, steps: summaries } = message.result;
    runs.inc({ workflow: workflow.name, status });
    for (const step of summaries)
      if (step.duration !== undefined)
        steps.observe(
          { workflow: workflow.name, step: step.name, status: step.status },
          step.duration / 1000,
        );
  });
  return () => {
    stopHub?.();
    stopRuns?.();
  };
}
