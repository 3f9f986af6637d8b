/**
 * Every scenario, in the order `npm run bench` runs them (those marked `onlyWhenNamed` only
 * with `--only`). `--only` picks from these names,
 * or a group's (`SCENARIO_GROUPS`: `--only scaling` runs every scaling curve).
 */
import type { Scenario } from '../harness/scenario.js';
import { askCross } from './ask-cross.js';
import { deadlock } from './deadlock.js';
import { domain } from './domain.js';
import { durableTurns } from './durable-turns.js';
import { flood } from './flood.js';
import { gateway } from './gateway.js';
import { http } from './http.js';
import { mcp } from './mcp.js';
import { peerComedy } from './peer-comedy.js';
import { peerXstate } from './peer-xstate.js';
import { restart, restart10m } from './restart.js';
import { scalingActors } from './scaling-actors.js';
import { scalingBatch } from './scaling-batch.js';
import { scalingStored } from './scaling-stored.js';
import { scalingThreads } from './scaling-threads.js';
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
  peerComedy,
  durableTurns,
  restart,
  restart10m,
  deadlock,
  watchdog,
  mcp,
  http,
  gateway,
  domain,
  flood,
  workflowsScenario,
  scalingActors,
  scalingThreads,
  scalingBatch,
  scalingStored,
];

export const SCENARIO_GROUPS: ReadonlyMap<string, readonly string[]> = new Map([
  ['scaling', [scalingActors.name, scalingThreads.name, scalingBatch.name, scalingStored.name]],
]);
