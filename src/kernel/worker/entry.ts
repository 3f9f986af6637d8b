/**
 * The piscina task that hosts one logical thread of the system for the life of the system.
 *
 * Piscina owns the worker threads — creation, `resourceLimits`, replacement after a
 * death — and the balancer pins this task to its worker. The data plane runs over the
 * MessagePorts the task brings; comlink serves the control plane on `controlPort`.
 * The task resolves when the system shuts the thread down; it rejects when the thread dies.
 */
import { setThreadDispatcher } from '../actor/ref.js';
import { exposeControl } from '../wire/comlink.js';
import type { ThreadControl } from '../wire/control.js';
import type { ThreadTask } from '../wire/thread-task.js';
import { noteExitCalls } from './exit-note.js';
import { ThreadRuntime } from './thread-runtime.js';

export default async function hostThread(task: ThreadTask): Promise<{ thread: number }> {
  noteExitCalls(task.deathNote);
  const runtime = new ThreadRuntime(task);
  setThreadDispatcher(runtime.dispatcher);
  runtime.recover();
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const control: ThreadControl = {
    inspect: () => runtime.inspect(),
    stats: () => runtime.stats(),
    replacePeer: (thread, port, death) => runtime.replacePeer(thread, port, death),
    resync: () => runtime.resync(),
    removeStored: (id) => runtime.removeStored(id),
    shutdown: async () => {
      await runtime.shutdown();
      setImmediate(finish);
    },
  };
  exposeControl(control, task.controlPort);
  await finished;
  task.controlPort.close();
  setThreadDispatcher(null);
  return { thread: task.thread };
}
