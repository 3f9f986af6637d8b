/**
 * The piscina task that hosts one logical thread (shard) for the life of the system.
 *
 * Piscina owns the worker threads — creation, `resourceLimits`, replacement after a
 * death — and the balancer pins this task to its worker. The data plane runs over the
 * MessagePorts the task brings; comlink serves the control plane on `controlPort`.
 * The task resolves when the system shuts the shard down; it rejects when the thread dies.
 */
import type { MessagePort } from 'node:worker_threads';
import { setThreadDispatcher } from '../actor/ref.js';
import { exposeControl } from '../wire/comlink.js';
import type { ThreadControl } from '../wire/control.js';
import type { ThreadTask } from '../wire/thread-task.js';
import { Shard } from './thread-runtime.js';

export default async function hostShard(task: ThreadTask): Promise<{ thread: number }> {
  const shard = new Shard(task);
  setThreadDispatcher(shard);
  shard.recover();
  let finish = () => {};
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const control: ThreadControl = {
    inspect: () => shard.inspect(),
    stats: () => shard.stats(),
    replacePeer: (thread, port) => shard.replacePeer(thread, port),
    shutdown: async () => {
      await shard.shutdown();
      setImmediate(finish);
    },
  };
  exposeControl(control, task.controlPort);
  await finished;
  task.controlPort.close();
  setThreadDispatcher(null);
  return { thread: task.thread };
}
