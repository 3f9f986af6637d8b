/**
 * Reading the gateway config from a file: `troupe.config.json` (JSON), `troupe.config.yaml`
 * or `.yml` (YAML 1.2, through the `yaml` package). Any other extension is read as JSON
 * when it parses as JSON, and as YAML otherwise.
 *
 * A file that cannot be read or parsed is refused with the same {@link GatewayConfigError}
 * as an invalid one, its single issue at path `(file)` saying where the syntax broke.
 * Validation and normalization live in `gateway-config-schema.ts`.
 */
import { access, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { GatewayConfigError } from '../errors.js';
import type { Environment } from './env-expansion.js';
import { parseGatewayConfig } from './gateway-config-schema.js';
import type { GatewayConfig } from './server-config.js';

/** The names looked for, in this order, by {@link findConfigFile}. */
export const CONFIG_FILE_NAMES = ['troupe.config.json', 'troupe.config.yaml', 'troupe.config.yml'] as const;

export interface LoadOptions {
  /** Where `${VAR}` references are looked up (default: `process.env`). */
  readonly env?: Environment;
}

/** Read, parse, validate and normalize the config in `file`; throws {@link GatewayConfigError}. */
export async function loadGatewayConfig(file: string, options: LoadOptions = {}): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new GatewayConfigError([{ path: '(file)', message: `cannot be read: ${describe(error)}` }], file);
  }
  return parseGatewayConfig(parseConfigText(text, file), { env: options.env ?? process.env, file });
}

/** Parse config text by the file's extension; throws {@link GatewayConfigError} on a syntax error. */
export function parseConfigText(text: string, file: string): unknown {
  const extension = extname(file).toLowerCase();
  if (extension === '.json') return parseJson(text, file);
  if (extension === '.yaml' || extension === '.yml') return parseYamlText(text, file);
  try {
    return JSON.parse(text);
  } catch {
    return parseYamlText(text, file);
  }
}

/** The first of {@link CONFIG_FILE_NAMES} present in `directory`, or undefined. */
export async function findConfigFile(directory: string): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(directory, name);
    try {
      await access(candidate);
      return candidate;
    } catch {
      // Not there: try the next name.
    }
  }
  return undefined;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayConfigError(
      [{ path: '(file)', message: `is not valid JSON: ${describe(error)}` }],
      file,
    );
  }
}

function parseYamlText(text: string, file: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new GatewayConfigError(
      [{ path: '(file)', message: `is not valid YAML: ${describe(error)}` }],
      file,
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
