/**
 * What the resources read from: the domain actors (each resource is an ask to one of
 * them), the change watch that resource pushes wait on, and the kernel's public API for the
 * health report and the supervision tree.
 */
import type { Coordination } from '../../../actors/coordination/coordination.js';
import type { ActorSystem } from '../../kernel/index.js';

export interface ResourceSources
  extends Pick<Coordination, 'registry' | 'post' | 'sessions' | 'tasks' | 'locks' | 'watch'> {
  readonly system: ActorSystem;
  /** Names of the supervisors running (reported by `troupe://health`). */
  readonly supervisors: readonly string[];
}
