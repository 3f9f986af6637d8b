/**
 * Schedule triggers: the next firing, and missed firings collapsed into one due firing.
 */
import { describe, expect, it } from 'vitest';
import { parseWorkflowDefinition, scheduledFiring } from '../../../../actors/workflows/index.js';

const hourly = (() => {
  const trigger = parseWorkflowDefinition({
    name: 'h',
    trigger: { schedule: '0 * * * *' },
    steps: [{ name: 'a', tool: 'x' }],
  }).definition.trigger;
  if (trigger.kind !== 'schedule') throw new Error('expected a schedule trigger');
  return trigger;
})();

const at = (iso: string) => Date.parse(iso);

describe('scheduledFiring', () => {
  it('gives the next firing of a schedule that never fired', () => {
    expect(scheduledFiring(hourly, undefined, at('2025-03-01T10:15:00Z'))).toEqual({
      next: at('2025-03-01T11:00:00Z'),
    });
  });

  it('collapses missed firings into one due firing, the latest', () => {
    expect(scheduledFiring(hourly, at('2025-03-01T06:00:00Z'), at('2025-03-01T10:15:00Z'))).toEqual({
      due: at('2025-03-01T10:00:00Z'),
      next: at('2025-03-01T11:00:00Z'),
    });
  });

  it('has nothing due when it fired at the latest slot already', () => {
    expect(scheduledFiring(hourly, at('2025-03-01T10:00:00Z'), at('2025-03-01T10:15:00Z'))).toEqual({
      next: at('2025-03-01T11:00:00Z'),
    });
  });

  it('counts a firing due exactly now', () => {
    expect(scheduledFiring(hourly, at('2025-03-01T09:00:00Z'), at('2025-03-01T10:00:00Z')).due).toBe(
      at('2025-03-01T10:00:00Z'),
    );
  });
});
