/**
 * Every scenario, in the order `npm run bench` runs them. `--only` picks from these names.
 */
import type { Scenario } from '../harness/scenario.js';
import { askCross } from './ask-cross.js';
import { deadlock } from './deadlock.js';
import { domain } from './domain.js';
import { durableTurns } from './durable-turns.js';
import { gateway } from './gateway.js';
import { http } from './http.js';
import { mcp } from './mcp.js';
import { peerXstate } from './peer-xstate.js';
import { restart } from './restart.js';
import { spawn } from './spawn.js';
import { tellCross } from './tell-cross.js';
import { tellLocal } from './tell-local.js';
import { watchdog } from './watchdog.js';
import { workflowsScenario } from './workflows.js';

export const SCENARIOS: readonly Scenario[] = [
  tellLocal,
  tellCross,
  askCross,
  spawn,
  peerXstate,
  durableTurns,
  restart,
  deadlock,
  watchdog,
  mcp,
  http,
  gateway,
  domain,
  workflowsScenario,
];
