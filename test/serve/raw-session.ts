/**
 * A `troupe serve` child driven with raw lines on its stdin (no SDK client), for tests of
 * what the protocol layer answers to frames no client library would send: each stdout line
 * is parsed, and `answerTo(id)` waits for the response with that id.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { CLI } from '../mcp/serve-client.js';

export interface RpcAnswer {
  readonly jsonrpc: string;
  readonly id: string | number | null;
  readonly result?: Record<string, unknown>;
  readonly error?: { readonly code: number; readonly message: string; readonly data?: unknown };
}

export const INITIALIZE = {
  jsonrpc: '2.0',
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

export class RawSession {
  readonly child: ChildProcessWithoutNullStreams;
  readonly answers: RpcAnswer[] = [];
  /** Every stdout line that was not JSON (there must be none). */
  readonly stray: string[] = [];
  stderr = '';
  #buffered = '';

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, [CLI, 'serve', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => {
      this.#buffered += chunk;
      for (let end = this.#buffered.indexOf('\n'); end >= 0; end = this.#buffered.indexOf('\n')) {
        const line = this.#buffered.slice(0, end);
        this.#buffered = this.#buffered.slice(end + 1);
        try {
          this.answers.push(JSON.parse(line) as RpcAnswer);
        } catch {
          this.stray.push(line);
        }
      }
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString();
    });
  }

  /** Write one frame (a string is sent as is; anything else as its JSON), with its newline. */
  send(frame: unknown): void {
    this.child.stdin.write(`${typeof frame === 'string' ? frame : JSON.stringify(frame)}\n`);
  }

  /** The initialize handshake, as a client starts. */
  async initialize(): Promise<void> {
    this.send({ ...INITIALIZE, id: 'init' });
    await this.answerTo('init');
    this.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  }

  /** The `count`-th answer (from 1) with this id, waiting up to `timeoutMs` for it. */
  async answerTo(id: string | number | null, count = 1, timeoutMs = 20_000): Promise<RpcAnswer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.answers.filter((answer) => answer.id === id);
      const wanted = found[count - 1];
      if (wanted) return wanted;
      if (Date.now() > deadline)
        throw new Error(`no answer ${count} to id ${String(id)}; got ${JSON.stringify(this.answers)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Close stdin and wait for the process to exit; its exit code. */
  async end(timeoutMs = 20_000): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
    this.child.stdin.end();
    const timer = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), timeoutMs).unref());
    const outcome = await Promise.race([exited, timer]);
    if (outcome === 'hung') {
      this.child.kill('SIGKILL');
      throw new Error('troupe serve did not exit after its stdin closed');
    }
    return outcome;
  }
}
