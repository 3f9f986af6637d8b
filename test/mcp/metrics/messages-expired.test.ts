/**
 * `troupe_messages_expired_total`: messages that leave an inbox unread because their
 * time-to-live ran out are counted (the change watch's total, read at scrape), and messages
 * without one, or read in time, are not. In process: the embedding API and `createTroupeMetrics`,
 * the exposition read with the Prometheus text-format parser.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { registerAgent } from '../../../actors/coordination/agents/api.js';
import { ANONYMOUS, agentCaller } from '../../../actors/coordination/caller.js';
import { sendMessage } from '../../../actors/coordination/messaging/api.js';
import { parsePrometheusText, sumOf } from '../../../bench/harness/prometheus-text.js';
import { createActorSystem, startCoordination } from '../../../src/index.js';
import { createTroupeMetrics } from '../../../src/mcp/metrics/index.js';
import { until } from '../../helpers/until.js';

const dataDir = mkdtempSync(join(tmpdir(), 'troupe-expired-metric-'));
const system = createActorSystem({ dataDir, threads: 2 });

afterAll(async () => {
  await system.shutdown();
  rmSync(dataDir, { recursive: true, force: true });
});

it('counts the messages whose time-to-live ran out before they were acknowledged', async () => {
  const coordination = await startCoordination(system);
  const metrics = createTroupeMetrics({ system, coordination });
  const expired = async () =>
    sumOf(parsePrometheusText(await metrics.text()).get('troupe_messages_expired_total'));
  for (const id of ['ada', 'bob']) {
    const fields = { id, name: id, role: 'worker', modelType: 'llm', modelVersion: '1', capabilities: [] };
    expect((await registerAgent(coordination.domain, ANONYMOUS, fields)).ok).toBe(true);
  }
  const send = (content: string, ttlS?: number) =>
    sendMessage(coordination.domain, agentCaller('ada'), {
      recipientId: 'bob',
      content,
      ...(ttlS === undefined ? {} : { ttlS }),
    });
  await send('kept');
  await send('kept a while', 60);
  expect(await expired()).toBe(0);
  await send('gone', 0.1);
  await send('gone too', 0.1);
  await until(async () => (await expired()) === 2);
  metrics.close();
});
