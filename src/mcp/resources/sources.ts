/**
 * What the resources read from: the domain actors (each resource is an ask to one of
 * them), the mail watch that pushes inbox changes, and the kernel's public API for the
 * health report and the supervision tree.
 */
import type { LockMsg } from '../../../actors/agents/locks.js';
import type { MailWatchMsg } from '../../../actors/agents/mail-watch.js';
import type { PostMsg } from '../../../actors/agents/post-office.js';
import type { RegistryMsg } from '../../../actors/agents/registry.js';
import type { SessionMsg } from '../../../actors/agents/sessions.js';
import type { TaskMsg } from '../../../actors/agents/tasks.js';
import type { ActorRef } from '../../actor/ref.js';
import type { ActorSystem } from '../../system/actor-system.js';

export interface ResourceSources {
  readonly system: ActorSystem;
  /** Names of the supervisors running (reported by `troupe://health`). */
  readonly supervisors: readonly string[];
  readonly registry: ActorRef<RegistryMsg>;
  readonly post: ActorRef<PostMsg>;
  readonly sessions: ActorRef<SessionMsg>;
  readonly tasks: ActorRef<TaskMsg>;
  readonly locks: ActorRef<LockMsg>;
  readonly watch: ActorRef<MailWatchMsg>;
}
