/**
 * Loading actor kinds on a thread: a kind is the export `name` of the module at `module`,
 * imported once per thread and cached (by the kind object's identity first — specs made on
 * this thread share one per behaviour — then by module and name). A module in another copy
 * of this package (an older install) is loaded from this copy (`kind-relocation.ts`). An import
 * in progress is reported (`onLoading`), so that the watchdog does not take the loop its
 * evaluation blocks for a jam.
 */
import { type ActorKindRef, isBehaviour } from '../actor/behaviour.js';
import { UnknownActorKindError } from '../errors.js';
import type { AnyBehaviour } from './cell.js';
import { relocate } from './kind-relocation.js';

export class KindLoader {
  private readonly kinds = new Map<string, AnyBehaviour | Promise<AnyBehaviour>>();
  private readonly kindsByRef = new WeakMap<ActorKindRef, AnyBehaviour>();

  /** `onLoading(+1)` when an import begins, `(-1)` when it ends (the turn watch tells the watchdog). */
  constructor(private readonly onLoading: (delta: 1 | -1) => void = () => {}) {}

  load(kind: ActorKindRef): AnyBehaviour | Promise<AnyBehaviour> {
    const known = this.kindsByRef.get(kind);
    if (known) return known;
    const key = `${kind.module}#${kind.name}`;
    const loaded = this.kinds.get(key);
    if (loaded && !(loaded instanceof Promise)) this.kindsByRef.set(kind, loaded);
    if (loaded) return loaded;
    this.onLoading(1);
    const loading = import(relocate(kind.module))
      .finally(() => this.onLoading(-1))
      .then(
        (module: Record<string, unknown>) => {
          const behaviour = module[kind.name];
          if (!isBehaviour(behaviour)) {
            this.kinds.delete(key);
            throw new UnknownActorKindError(
              kind.module,
              kind.name,
              'is not exported by its module as a defineActor() kind',
            );
          }
          this.kinds.set(key, behaviour);
          return behaviour;
        },
        (error: unknown) => {
          this.kinds.delete(key);
          throw new UnknownActorKindError(kind.module, kind.name, `could not be imported: ${String(error)}`);
        },
      );
    this.kinds.set(key, loading);
    return loading;
  }
}
