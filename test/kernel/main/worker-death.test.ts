/**
 * Why a worker died, as the calls in flight learn it: from piscina's rejection of the host
 * task (an exit code, an uncaught error, a resource limit) or from the watchdog's verdict —
 * carried by `WorkerCrashedError` (code `worker_crashed`, `retryable: true`) across threads.
 */
import { describe, expect, it } from 'vitest';
import { errorFromRecord, toErrorRecord, WorkerCrashedError } from '../../../src/kernel/errors.js';
import { describeWorkerDeath } from '../../../src/kernel/main/worker-death.js';

describe('describeWorkerDeath', () => {
  it('reads an exit code', () => {
    expect(describeWorkerDeath(new Error('worker exited with code: 3'), null)).toEqual({
      cause: 'exit',
      detail: 'it exited with code 3',
      exitCode: 3,
    });
  });

  it('reads a resource limit from its code or its words', () => {
    const limit = Object.assign(
      new Error('Worker terminated due to reaching memory limit: JS heap out of memory'),
      {
        code: 'ERR_WORKER_OUT_OF_MEMORY',
      },
    );
    expect(describeWorkerDeath(limit, null)).toMatchObject({
      cause: 'resource-limit',
      detail: /memory limit/,
    });
  });

  it('names the limit that was hit: the one set, or the default heap limit', () => {
    const limit = Object.assign(
      new Error('Worker terminated due to reaching memory limit: JS heap out of memory'),
      {
        code: 'ERR_WORKER_OUT_OF_MEMORY',
      },
    );
    expect(
      describeWorkerDeath(limit, null, { note: null, limits: { maxOldGenerationSizeMb: 48 } }).detail,
    ).toBe(
      'it exceeded its resource limits (maxOldGenerationSizeMb 48): Worker terminated due to reaching memory limit: JS heap out of memory',
    );
    expect(describeWorkerDeath(limit, null, { note: null, limits: {} }).detail).toMatch(
      /^it exceeded its resource limits \(none set: Node's default heap limit, \d+ MB — workerResourceLimits\.maxOldGenerationSizeMb sets one\)/,
    );
    expect(
      describeWorkerDeath(limit, null, { note: null, limits: { maxYoungGenerationSizeMb: 64 } }).detail,
    ).toMatch(
      /^it exceeded its resource limits \(maxYoungGenerationSizeMb 64; Node's default heap limit, \d+ MB — workerResourceLimits\.maxOldGenerationSizeMb sets one\)/,
    );
  });

  it('names where process.exit was called, from the thread’s death note', () => {
    const stack = [
      'Error: process.exit(3)',
      '    at process.exit (file:///app/dist/src/kernel/worker/exit-note.js:9:23)',
      '    at receive (file:///app/actors/crasher.js:21:17)',
      '    at Turns.run (file:///app/dist/src/kernel/worker/turn.js:108:34)',
    ].join('\n');
    expect(
      describeWorkerDeath(new Error('worker exited with code: 3'), null, {
        note: { exitCode: 3, stack },
        limits: {},
      }),
    ).toEqual({
      cause: 'exit',
      detail: 'it exited with code 3 (process.exit called at receive (file:///app/actors/crasher.js:21:17))',
      exitCode: 3,
      workerStack: stack,
    });
  });

  it('names an uncaught error', () => {
    const error = new TypeError('x is not a function');
    expect(describeWorkerDeath(error, null)).toEqual({
      cause: 'uncaught-error',
      detail: 'uncaught TypeError: x is not a function',
      workerStack: error.stack,
    });
  });

  it('prefers the watchdog’s verdict when it ended the worker, naming whose turn jammed', () => {
    const reason = 'a turn made no progress for 2000 ms';
    const exited = new Error('worker exited with code: 1');
    expect(describeWorkerDeath(exited, { reason, actorId: 'spinner' })).toEqual({
      cause: 'jammed',
      detail: `the watchdog ended it: ${reason}`,
      jammedBy: 'spinner',
    });
    expect(describeWorkerDeath(exited, { reason, actorId: null })).toEqual({
      cause: 'jammed',
      detail: `the watchdog ended it: ${reason}`,
    });
  });
});

describe('WorkerCrashedError', () => {
  it('says why, is retryable, and keeps both across a thread', () => {
    const error = new WorkerCrashedError(
      1,
      describeWorkerDeath(new Error('worker exited with code: 7'), null),
    );

    expect(error.message).toBe('worker thread 1 died: it exited with code 7');
    expect(error).toMatchObject({
      code: 'worker_crashed',
      retryable: true,
      why: 'exit',
      exitCode: 7,
      thread: 1,
    });
    const rebuilt = errorFromRecord(toErrorRecord(error));
    expect(rebuilt).toBeInstanceOf(WorkerCrashedError);
    expect(rebuilt).toMatchObject({ retryable: true, why: 'exit', exitCode: 7, message: error.message });
  });
});
