/**
 * The identity sweep (issue 11, acceptance 4) against a plain `troupe serve` (no gateway
 * config): every tool, resource and template it lists, tried against A's world by callers
 * that are not A — see identity-sweep/sweep.ts for what is checked, and
 * identity-sweep-gateway.test.ts for the same sweep with a gateway in front of real servers.
 */
import { defineIdentitySweep } from './identity-sweep/sweep.js';
import { freshDataDir } from './serve-client.js';

defineIdentitySweep({ serve: () => ({ dataDir: freshDataDir('identity-sweep') }) });
