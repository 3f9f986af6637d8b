/**
 * A tool step's attempt targets, in the order they are tried: the providers of
 * `provider: a|b`, then `config.fallback` (a provider, or `{ tool, provider }` for another
 * tool), then the providers `guards.fallbacks` names for the tool's family (the tool name
 * up to its first dot: `stt` for `stt.transcribe`) or for the tool itself. A target already
 * in the list is not added twice. Retries apply to each target in turn (failure.ts).
 */
import { z } from 'zod';
import type { DefinitionIssue } from '../errors.js';
import { formatPath } from '../errors.js';
import type { RawStep } from './raw-schema.js';
import type { FallbackTarget, Guards } from './types.js';

/** `provider: a|b` in order, then `config.fallback`, then `guards.fallbacks` of the tool's family. */
export function toolTargets(
  tool: string,
  raw: RawStep,
  fallback: unknown,
  guards: Guards,
  path: readonly PropertyKey[],
  issues: DefinitionIssue[],
): FallbackTarget[] {
  const targets: FallbackTarget[] = [];
  const add = (target: FallbackTarget) => {
    if (!targets.some((known) => known.tool === target.tool && known.provider === target.provider))
      targets.push(target);
  };
  const providers = raw.provider === undefined ? [] : splitProviders(raw.provider);
  if (providers.length === 0) add({ tool, origin: 'provider' });
  for (const provider of providers) add({ tool, provider, origin: 'provider' });
  const parsed = FallbackSchema.safeParse(fallback);
  if (!parsed.success) {
    issues.push({
      path: formatPath([...path, 'config', 'fallback']),
      message: 'must be a provider name or { tool?, provider? }',
    });
  } else if (typeof parsed.data === 'string') add({ tool, provider: parsed.data, origin: 'config.fallback' });
  else if (parsed.data !== undefined) {
    const { tool: other, provider } = parsed.data;
    add({ tool: other ?? tool, ...(provider === undefined ? {} : { provider }), origin: 'config.fallback' });
  }
  const family = tool.split('.')[0];
  const guard =
    guards.fallbacks.find(([key]) => key === tool) ?? guards.fallbacks.find(([key]) => key === family);
  for (const provider of guard?.[1] ?? []) add({ tool, provider, origin: 'guards.fallbacks' });
  return targets;
}

const FallbackSchema = z
  .union([
    z.string().min(1),
    z.strictObject({ tool: z.string().min(1).optional(), provider: z.string().min(1).optional() }),
  ])
  .optional();

export function splitProviders(providers: string | readonly string[]): string[] {
  const list =
    typeof providers === 'string' ? providers.split('|') : providers.flatMap((item) => item.split('|'));
  return list.map((provider) => provider.trim()).filter((provider) => provider.length > 0);
}
