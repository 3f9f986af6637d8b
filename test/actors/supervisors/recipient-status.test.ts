/**
 * check_message_recipient_status: the recent recipients of a sender, with their heartbeat
 * status, the silent ones named.
 */
import { expect, it } from 'vitest';
import { createManualClock } from '../../../actors/supervisors/flood/clock.js';
import { MessageFrequency } from '../../../actors/supervisors/flood/frequency.js';
import { HeartbeatMonitor } from '../../../actors/supervisors/heartbeat/heartbeat-monitor.js';
import { recipientStatus } from '../../../actors/supervisors/recipient-status.js';

it('names the recipients of a sender that stopped beating', () => {
  const clock = createManualClock(1_000_000);
  const frequency = new MessageFrequency({ windowMs: 60_000, threshold: 100, clock });
  const heartbeats = new HeartbeatMonitor({ clock, offlineGraceMs: 1_000 });
  heartbeats.register('agent-b', 100);
  heartbeats.register('agent-c', 100);
  for (let i = 0; i < 3; i++) frequency.record('agent-a', 'agent-b');
  frequency.record('agent-a', 'agent-c');
  frequency.record('agent-a', 'some-actor');
  clock.advance(150);
  heartbeats.beat('agent-c');
  clock.advance(100);
  heartbeats.sweep();
  const report = recipientStatus(frequency, heartbeats, 'agent-a');
  expect(report.recipients).toEqual([
    { id: 'agent-b', messages: 3, status: 'unresponsive' },
    { id: 'agent-c', messages: 1, status: 'healthy' },
    { id: 'some-actor', messages: 1, status: 'unknown' },
  ]);
  expect(report.unresponsive).toEqual(['agent-b']);
});
