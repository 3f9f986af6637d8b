/**
 * Options are validated; each bad option is an InvalidOptionError naming its path.
 */
import { describe, expect, it } from 'vitest';
import {
  createActorSystem,
  defineActor,
  InvalidArgumentError,
  InvalidOptionError,
} from '../../../src/kernel/index.js';
import { defaultWorkerYoungGenerationMb, resolveSystemOptions } from '../../../src/kernel/main/options.js';

describe('createActorSystem options', () => {
  it.each([
    [{ threads: 0 }, 'options.threads must be >= 1'],
    [{ threads: 1.5 }, 'options.threads must be an integer'],
    [{ threads: 'two' }, 'options.threads must be a number'],
    [{ askTimeoutMs: -1 }, 'options.askTimeoutMs must be > 0'],
    [{ mailbox: { capacity: 0 } }, 'options.mailbox.capacity must be > 0'],
    [
      { mailbox: { overflow: 'drop-all' } },
      'options.mailbox.overflow must be one of "reject", "drop-oldest", "drop-newest"',
    ],
    [{ supervision: { strategy: 'all-for-none' } }, 'options.supervision.strategy must be one of'],
    [{ supervision: { backoff: { factor: 0.5 } } }, 'options.supervision.backoff.factor must be >= 1'],
    [
      { workerResourceLimits: { maxOldGenerationSizeMb: -4 } },
      'options.workerResourceLimits.maxOldGenerationSizeMb must be > 0',
    ],
    [{ resumeBackoff: { initialMs: -1 } }, 'options.resumeBackoff.initialMs must be >= 0'],
    [{ resumeBackoff: { factor: 0 } }, 'options.resumeBackoff.factor must be >= 1'],
    [{ resumeBackoff: { maxMs: 1_000 } }, 'options.resumeBackoff.maxMs must be >= initialMs (30000)'],
    [{ resumeBackoff: { every: 5 } }, 'options.resumeBackoff has unknown option(s): every'],
    [{ thread: 2 }, 'options has unknown option(s): thread'],
  ])('rejects %j', (options, message) => {
    expect(() => createActorSystem(options as never)).toThrow(InvalidOptionError);
    expect(() => createActorSystem(options as never)).toThrow(message);
  });

  it('fills defaults: threads = available cores, 5 s asks, bounded mailboxes, 3 restarts in 5 s', () => {
    const resolved = resolveSystemOptions({});
    expect(resolved.threads).toBeGreaterThanOrEqual(1);
    expect(resolved.askTimeoutMs).toBe(5_000);
    expect(resolved.mailbox).toEqual({ capacity: 10_000, overflow: 'reject' });
    expect(resolved.supervision).toMatchObject({ strategy: 'one-for-one', intensity: 3, periodMs: 5_000 });
  });

  it('gives each worker a 64 MiB young generation where Node gives less, keeping the other limits set', () => {
    expect(defaultWorkerYoungGenerationMb('11.3.244.8-node.33')).toBe(64);
    expect(defaultWorkerYoungGenerationMb('12.4.254.21-node.33')).toBe(64);
    expect(defaultWorkerYoungGenerationMb('13.6.233.17-node.36')).toBeUndefined();
    const young = defaultWorkerYoungGenerationMb();
    const withYoung = young === undefined ? {} : { maxYoungGenerationSizeMb: young };
    expect(resolveSystemOptions({}).workerResourceLimits).toEqual(withYoung);
    expect(
      resolveSystemOptions({ workerResourceLimits: { maxOldGenerationSizeMb: 512 } }).workerResourceLimits,
    ).toEqual({ maxOldGenerationSizeMb: 512, ...withYoung });
    expect(
      resolveSystemOptions({ workerResourceLimits: { maxYoungGenerationSizeMb: 16 } }).workerResourceLimits,
    ).toEqual({ maxYoungGenerationSizeMb: 16 });
  });

  it('resumes a suspended actor after 30 s, doubling, at most 10 min, unless told otherwise', () => {
    expect(resolveSystemOptions({}).resumeBackoff).toEqual({ initialMs: 30_000, maxMs: 600_000, factor: 2 });
    expect(resolveSystemOptions({ resumeBackoff: { initialMs: 1_000 } }).resumeBackoff).toEqual({
      initialMs: 1_000,
      maxMs: 600_000,
      factor: 2,
    });
  });
});

describe('defineActor', () => {
  it('names the bad field of a definition', () => {
    expect(() =>
      defineActor({ module: 'not-a-url', name: 'X', init: () => 0, receive: (s: number) => s }),
    ).toThrow('definition.module must be the file: URL');
    expect(() =>
      defineActor({ module: import.meta.url, name: '', init: () => 0, receive: (s: number) => s }),
    ).toThrow(InvalidArgumentError);
  });
});
