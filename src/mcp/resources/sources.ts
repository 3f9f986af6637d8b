/**
 * What the resources read from: the coordination domain (its facades and tables), the
 * change watch that resource pushes wait on, and the kernel's public API for the health
 * report and the supervision tree.
 */
import type { AgentsDomain } from '../../../actors/coordination/agents/domain.js';
import type { ChangeWatchMsg } from '../../../actors/coordination/change-watch.js';
import type { ActorRef, ActorSystem } from '../../kernel/index.js';

export interface ResourceSources {
  readonly system: ActorSystem;
  readonly domain: AgentsDomain;
  readonly watch: ActorRef<ChangeWatchMsg>;
  /** Names of the supervisors running (reported by `troupe://health`). */
  readonly supervisors: readonly string[];
}
