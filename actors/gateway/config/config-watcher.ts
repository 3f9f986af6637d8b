/**
 * Following a config file while troupe runs: every settled change yields either the new
 * validated config (with its diff from the running one) or the error of an invalid one —
 * and an invalid file never replaces the running config: the next diff is still taken
 * against the last valid one.
 *
 * It watches the file's directory, not the file: editors and deploy tools save by writing
 * a temporary file and renaming it over the old one, which replaces the inode a file watch
 * follows. Events are debounced (`debounceMs` after the last one), a content identical to
 * the last one read is skipped, and so is a valid config with nothing changed. One check
 * also runs right after the watch starts, so a change made between loading the config and
 * watching it is not missed.
 */
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { GatewayConfigError } from '../errors.js';
import { type ConfigDiff, diffConfigs, isEmptyDiff } from './config-diff.js';
import type { Environment } from './env-expansion.js';
import { parseGatewayConfig } from './gateway-config-schema.js';
import { parseConfigText } from './load-config.js';
import type { GatewayConfig } from './server-config.js';

export const CONFIG_WATCH_DEFAULTS = { debounceMs: 100 } as const;

export type ConfigWatchEvent =
  | { readonly kind: 'changed'; readonly config: GatewayConfig; readonly diff: ConfigDiff }
  | { readonly kind: 'invalid'; readonly error: GatewayConfigError };

export interface ConfigWatchOptions {
  /** The config running now, which diffs are taken from (default: no server). */
  readonly current?: GatewayConfig;
  readonly debounceMs?: number;
  /** Where `${VAR}` references are looked up (default: `process.env`). */
  readonly env?: Environment;
}

/** The changes of one config file, as an async iterable; `close()` ends it. */
export interface ConfigWatcher extends AsyncIterable<ConfigWatchEvent> {
  /** The last valid config: the one running. */
  readonly current: GatewayConfig;
  close(): void;
}

export function watchGatewayConfig(file: string, options: ConfigWatchOptions = {}): ConfigWatcher {
  return new DirectoryConfigWatcher(file, options);
}

class DirectoryConfigWatcher implements ConfigWatcher {
  current: GatewayConfig;
  readonly #file: string;
  readonly #debounceMs: number;
  readonly #env: Environment;
  readonly #watcher: FSWatcher;
  readonly #queue: ConfigWatchEvent[] = [];
  #waiter: ((result: IteratorResult<ConfigWatchEvent>) => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #lastText: string | undefined;
  #checking: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(file: string, options: ConfigWatchOptions) {
    this.#file = file;
    this.current = options.current ?? { servers: new Map() };
    this.#debounceMs = options.debounceMs ?? CONFIG_WATCH_DEFAULTS.debounceMs;
    this.#env = options.env ?? process.env;
    const name = basename(file);
    this.#watcher = watch(dirname(file), (_event, changed) => {
      if (changed === null || changed.toString() === name) this.#schedule();
    });
    this.#watcher.on('error', (error) =>
      this.#push({ kind: 'invalid', error: unreadable(this.#file, error) }),
    );
    this.#schedule();
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#watcher.close();
    this.#waiter?.({ done: true, value: undefined });
    this.#waiter = undefined;
  }

  [Symbol.asyncIterator](): AsyncIterator<ConfigWatchEvent> {
    return {
      next: () => {
        const event = this.#queue.shift();
        if (event) return Promise.resolve({ done: false, value: event });
        if (this.#closed) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => {
          this.#waiter = resolve;
        });
      },
      return: () => {
        this.close();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }

  #schedule(): void {
    if (this.#closed) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      // One check at a time, in order: a slow read must not overtake a later one.
      this.#checking = this.#checking.then(() => this.#check());
    }, this.#debounceMs);
  }

  async #check(): Promise<void> {
    if (this.#closed) return;
    let text: string;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch (error) {
      this.#lastText = undefined;
      this.#push({ kind: 'invalid', error: unreadable(this.#file, error) });
      return;
    }
    if (text === this.#lastText) return;
    this.#lastText = text;
    let config: GatewayConfig;
    try {
      config = parseGatewayConfig(parseConfigText(text, this.#file), { env: this.#env, file: this.#file });
    } catch (error) {
      this.#push({
        kind: 'invalid',
        error: error instanceof GatewayConfigError ? error : unreadable(this.#file, error),
      });
      return;
    }
    const diff = diffConfigs(this.current, config);
    if (isEmptyDiff(diff)) return;
    this.current = config;
    this.#push({ kind: 'changed', config, diff });
  }

  #push(event: ConfigWatchEvent): void {
    if (this.#closed) return;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) waiter({ done: false, value: event });
    else this.#queue.push(event);
  }
}

function unreadable(file: string, error: unknown): GatewayConfigError {
  const message = error instanceof Error ? error.message : String(error);
  return new GatewayConfigError([{ path: '(file)', message: `cannot be read: ${message}` }], file);
}
