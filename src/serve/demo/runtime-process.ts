/**
 * The demo's side of its runtime child (`runtime-child.ts`): fork it on the data directory,
 * send it requests and await their answers, hear its step reports, and kill it with SIGKILL —
 * the `kill -9` the story survives. One `RuntimeProcess` per life of the child.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildReport, DemoRequest } from './protocol.js';

const CHILD = fileURLToPath(new URL('./runtime-child.js', import.meta.url));
/** How long the child may take to open the store and start (two busy cores). */
const READY_TIMEOUT_MS = 60_000;

export type StepReport = Extract<ChildReport, { type: 'step' | 'offered' }>;

export class RuntimeProcess {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  private stderr = '';
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
    /** Unfinished workflow runs the engine resumed when this life started. */
    readonly resumed: number,
    readonly threads: number,
  ) {}

  static start(
    dataDir: string,
    callLog: string,
    onStep: (report: StepReport) => void,
  ): Promise<RuntimeProcess> {
    const child = fork(CHILD, [dataDir, callLog], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    return new Promise((resolve, reject) => {
      let life: RuntimeProcess | null = null;
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-4_000);
        if (life) life.stderr = stderr;
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the runtime process did not start within ${READY_TIMEOUT_MS} ms: ${stderr}`));
      }, READY_TIMEOUT_MS);
      child.on('message', (message: ChildReport) => {
        switch (message.type) {
          case 'ready':
            clearTimeout(timer);
            life = new RuntimeProcess(child, message.pid, message.resumed, message.threads);
            resolve(life);
            return;
          case 'reply': {
            const waiting = life?.pending.get(message.id);
            life?.pending.delete(message.id);
            if (message.ok) waiting?.resolve(message.value);
            else waiting?.reject(new Error(message.error));
            return;
          }
          case 'step':
          case 'offered':
            onStep(message);
            return;
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (!life) return reject(new Error(`the runtime process exited (${signal ?? code}): ${stderr}`));
        life.exited = true;
        for (const waiting of life.pending.values())
          waiting.reject(new Error(`the runtime process exited (${signal ?? code}): ${life.stderr}`));
        life.pending.clear();
      });
    });
  }

  /** Ask the runtime to do one thing of the story; its answer. */
  request<T>(request: DemoRequest): Promise<T> {
    if (this.exited) return Promise.reject(new Error('the runtime process is gone'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (value) => resolve(value as T), reject });
      this.child.send({ ...request, id });
    });
  }

  /** `kill -9`: no shutdown, no flush, nothing but what the store already committed. */
  async kill(): Promise<void> {
    const gone = new Promise<void>((resolve) => {
      if (this.exited) resolve();
      else this.child.once('exit', () => resolve());
    });
    this.child.kill('SIGKILL');
    await gone;
  }

  /** Let the runtime shut down cleanly (closing the channel is its cue). */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  }
}
