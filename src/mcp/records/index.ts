/**
 * One record style over MCP — snake_case keys as the seed's data models have them, times
 * as ISO-8601 UTC — for every domain record a tool answers with or a resource shows. Each
 * module maps one kind of record and gives the zod schema that tools list as output.
 */
export * from './agent.js';
export * from './evaluation.js';
export * from './lock.js';
export * from './message.js';
export * from './project.js';
export * from './reports.js';
export * from './routing.js';
export * from './session.js';
export * from './subscription.js';
export * from './task.js';
export * from './time.js';
export * from './tree.js';
