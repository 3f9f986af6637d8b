/** Feature flags: the flag and its rollout rule, the actor that writes them, the facade. */

export {
  type FeatureFlags,
  type FlagAnswer,
  FlagContextSchema,
  type FlagList,
  GetFlagSchema,
  ListFlagsSchema,
  SetFlagSchema,
  startFeatureFlags,
} from './api.js';
export { decideFlag, type FeatureFlag, FLAG_NAME, type FlagDecision, rolloutBucket } from './feature-flag.js';
export type { FlagChange } from './flags-actor.js';
