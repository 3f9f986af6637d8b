/**
 * The names downstream tools get through troupe: `<server>__<tool>`, kept within
 * `^[a-zA-Z0-9_-]{1,64}$`, which MCP hosts enforce on tool names.
 *
 * The rule, in order:
 * 1. A server name is already safe: the config allows only letters, digits, `-` and single
 *    `_` (never `__`, never at either end), at most {@link MAX_SERVER_NAME_LENGTH} long — so
 *    the first `__` of an exposed name always ends the server part.
 * 2. A tool whose name is safe and fits keeps it: `memory__read_graph`. Such a name never
 *    changes, whatever other tools appear.
 * 3. Otherwise every character outside `[a-zA-Z0-9_-]` becomes `_` (`stt.transcribe` →
 *    `voice__stt_transcribe`); that form is used when it fits and no name of rule 2, nor a
 *    mapped name earlier in code-unit order of the original tool names, has taken it.
 * 4. Otherwise (too long, or clashing) the mapped name is cut to leave room for `_` and the
 *    first 8 hex digits of sha-256(`<server>\0<tool>`): `fs__a_very_long…_3f2a9c01`. The
 *    suffix depends on that one tool only, so the name is the same in every run and on
 *    every host.
 *
 * {@link ToolNameTable} answers both ways: the exposed name of a downstream tool, and the
 * server and tool behind an exposed name (the reverse map; never parsed back from text).
 */
import { createHash } from 'node:crypto';
import { InternalError, InvalidArgumentError } from '../../src/kernel/index.js';

/** The pattern MCP hosts require of a tool name. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
export const MAX_TOOL_NAME_LENGTH = 64;
/** Longest server name, so that a tool always keeps at least 30 characters of its own. */
export const MAX_SERVER_NAME_LENGTH = 32;
/** What a server name may be: letters, digits, `-`, and single `_` inside. */
export const SERVER_NAME_PATTERN = /^[a-zA-Z0-9-]+(?:_[a-zA-Z0-9-]+)*$/;
export const SEPARATOR = '__';

const HASH_LENGTH = 8;
const UNSAFE_CHARACTERS = /[^a-zA-Z0-9_-]/g;

/** One downstream tool: the server offering it and its own name there. */
export interface DownstreamTool {
  readonly server: string;
  readonly tool: string;
}

/** Exposed names for a set of downstream tools, both ways. Build a new one when the set changes. */
export class ToolNameTable {
  readonly #byExposed = new Map<string, DownstreamTool>();
  readonly #byDownstream = new Map<string, string>();

  constructor(tools: Iterable<DownstreamTool>) {
    const unique = new Map<string, DownstreamTool>();
    for (const entry of tools) {
      if (!isServerName(entry.server)) {
        throw new InvalidArgumentError('server', `"${entry.server}" is not a valid server name`);
      }
      unique.set(downstreamKey(entry), { server: entry.server, tool: entry.tool });
    }
    const all = [...unique.values()];
    // Rule 2 first, then rule 3 in code-unit order of the original names, then rule 4.
    const deferred: DownstreamTool[] = [];
    for (const entry of all) {
      const plain = `${entry.server}${SEPARATOR}${entry.tool}`;
      if (TOOL_NAME_PATTERN.test(plain)) this.#assign(entry, plain);
      else deferred.push(entry);
    }
    deferred.sort((a, b) => compare(downstreamKey(a), downstreamKey(b)));
    const shortened: DownstreamTool[] = [];
    for (const entry of deferred) {
      const mapped = `${entry.server}${SEPARATOR}${mapUnsafe(entry.tool)}`;
      if (mapped.length <= MAX_TOOL_NAME_LENGTH && !this.#byExposed.has(mapped)) this.#assign(entry, mapped);
      else shortened.push(entry);
    }
    for (const entry of shortened) this.#assign(entry, this.#shortenedName(entry));
  }

  /** The exposed name of `tool` on `server`, if the table has it. */
  exposedName(server: string, tool: string): string | undefined {
    return this.#byDownstream.get(downstreamKey({ server, tool }));
  }

  /** The server and tool behind an exposed name, if the table has it. */
  resolve(exposedName: string): DownstreamTool | undefined {
    return this.#byExposed.get(exposedName);
  }

  get size(): number {
    return this.#byExposed.size;
  }

  /** Every exposed name with what it stands for. */
  entries(): IterableIterator<[string, DownstreamTool]> {
    return this.#byExposed.entries();
  }

  #shortenedName(entry: DownstreamTool): string {
    const mapped = `${entry.server}${SEPARATOR}${mapUnsafe(entry.tool)}`;
    const digest = createHash('sha256').update(`${entry.server}\0${entry.tool}`).digest('hex');
    // A clash of 32-bit suffixes is unlikely but not impossible: widen the suffix then.
    for (let length = HASH_LENGTH; length <= digest.length; length += HASH_LENGTH) {
      const prefix = mapped.slice(0, MAX_TOOL_NAME_LENGTH - 1 - length);
      const name = `${prefix}_${digest.slice(0, length)}`;
      if (!this.#byExposed.has(name)) return name;
    }
    // Every suffix length clashed: only possible if sha-256 itself collides.
    throw new InternalError(`no free exposed name for tool "${entry.tool}" of server "${entry.server}"`);
  }

  #assign(entry: DownstreamTool, name: string): void {
    this.#byExposed.set(name, entry);
    this.#byDownstream.set(downstreamKey(entry), name);
  }
}

/**
 * The server part and the rest of a name of the form `<server>__<rest>` — only for names no
 * table knows (a server that has listed nothing yet); a mapped or shortened tool name
 * cannot be read back this way.
 */
export function splitExposedName(name: string): DownstreamTool | undefined {
  const at = name.indexOf(SEPARATOR);
  if (at <= 0) return undefined;
  const server = name.slice(0, at);
  return isServerName(server) ? { server, tool: name.slice(at + SEPARATOR.length) } : undefined;
}

/** Replace every character a host would refuse with `_`. */
export function mapUnsafe(name: string): string {
  return name.replace(UNSAFE_CHARACTERS, '_');
}

export function isServerName(name: string): boolean {
  return name.length <= MAX_SERVER_NAME_LENGTH && SERVER_NAME_PATTERN.test(name);
}

function downstreamKey(entry: DownstreamTool): string {
  return `${entry.server}\0${entry.tool}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
