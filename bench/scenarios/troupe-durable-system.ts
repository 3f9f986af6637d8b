/**
 * A troupe measurement session over a fresh *durable* actor system: its data directory is
 * a new temporary directory, removed again when the session closes (after the shutdown).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MeasureSession } from '../harness/session.js';
import { openSystemSession, type TroupeSystem, type TroupeSystemOptions } from './troupe-system.js';

export type Durability = 'commit' | 'flush';

export async function openDurableSystemSession<Sample>(
  durability: Durability,
  options: Omit<TroupeSystemOptions, 'dataDir' | 'durability'>,
  setup: (system: TroupeSystem) => Promise<() => Promise<Sample>>,
): Promise<MeasureSession<Sample>> {
  const dataDir = await mkdtemp(join(tmpdir(), `troupe-bench-${durability}-`));
  const remove = () => rm(dataDir, { recursive: true, force: true });
  let session: MeasureSession<Sample>;
  try {
    session = await openSystemSession({ ...options, dataDir, durability }, setup);
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    measureRound: () => session.measureRound(),
    close: async () => {
      await session.close();
      await remove();
    },
  };
}
