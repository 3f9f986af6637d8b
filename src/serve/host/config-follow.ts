/**
 * Following one section of the config file while the runtime runs: the file's directory is
 * watched (editors save by renaming over the file), changes are debounced, and a text that
 * differs from the last one is parsed and handed to the section's `apply` — a valid change
 * takes effect without a restart, an invalid or unreadable one is logged and what runs is
 * kept. One check runs right away, so a change between loading the file and watching it is
 * not missed. It owns the watch; what a section means is its host's (`alerts-host.ts`,
 * `access-host.ts`).
 */
import { type FSWatcher, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from 'pino';
import { parseConfigText } from '../../../actors/gateway/config/load-config.js';

const DEBOUNCE_MS = 100;

export interface FollowedSection {
  /** The config file, and the text its running section came from. */
  readonly file: string;
  readonly text: string;
  /** How the logs name the section (`alerts config`, `roles policy`). */
  readonly what: string;
  readonly log: Logger;
  /** Put the file's parsed content in force; throws if the section is invalid. Returns what the log says of it. */
  apply(content: unknown): Record<string, unknown>;
}

/** Follow `section`'s file from now on; returns the function that stops following it. */
export function followConfigSection(section: FollowedSection): () => void {
  const { file, what, log } = section;
  let lastText = section.text;
  let timer: NodeJS.Timeout | undefined;
  const reload = async () => {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      log.warn(
        { file, error: (error as Error).message },
        `troupe serve: ${what} unreadable; the running one is kept`,
      );
      return;
    }
    if (text === lastText) return;
    lastText = text;
    try {
      const fields = section.apply(parseConfigText(text, file));
      log.info({ file, ...fields }, `troupe serve: ${what} reloaded`);
    } catch (error) {
      log.warn(
        { file, error: (error as Error).message },
        `troupe serve: ${what} is invalid; the running one is kept`,
      );
    }
  };
  const name = basename(file);
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dirname(file), (_event, changed) => {
      if (changed !== null && changed.toString() !== name) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), DEBOUNCE_MS);
    });
    watcher.on('error', (error) =>
      log.warn({ file, error: error.message }, `troupe serve: ${what} watch failed`),
    );
  } catch (error) {
    log.warn({ file, error: (error as Error).message }, `troupe serve: ${what} is not followed`);
  }
  timer = setTimeout(() => void reload(), DEBOUNCE_MS);
  return () => {
    clearTimeout(timer);
    watcher?.close();
  };
}
