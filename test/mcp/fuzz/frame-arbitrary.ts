/**
 * Raw JSON-RPC frames for the protocol fuzz: what a broken or hostile client writes on the
 * wire, each case one or more lines —
 *
 * - arbitrary bytes (invalid UTF-8, NUL, stray newlines that split a frame in two);
 * - text that is not JSON, and valid frames cut short;
 * - JSON of any shape (a number, a string, an array — a batch —, an object without `jsonrpc`);
 * - well-formed requests for any method, real or not, with params of any shape;
 * - JSON-RPC messages with odd parts: ids that are huge, fractional, negative, very long,
 *   `null`, objects; methods that do not exist or are the real ones (`tools/call`, `initialize`
 *   again, `resources/read`, `notifications/cancelled`, …) with params of any shape;
 * - numbers JSON.stringify never writes (`NaN`, `Infinity`, `1e999`, 30-digit integers) and
 *   deep nesting, written as literal text;
 * - a frame over the process's `--max-message-bytes`.
 *
 * It owns the frames; `frames.test.ts` owns what the answers must be.
 */
import fc, { type Arbitrary } from 'fast-check';

/** A line to write: text (a newline is added) or raw bytes (written as they are, then a newline). */
export type Frame = string | Uint8Array;

const METHODS = [
  'initialize',
  'ping',
  'tools/list',
  'tools/call',
  'resources/list',
  'resources/read',
  'resources/templates/list',
  'resources/subscribe',
  'resources/unsubscribe',
  'prompts/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'notifications/initialized',
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
  'tasks/get',
  'tasks/list',
  'no/such/method',
  '',
  '__proto__',
  'constructor',
  'rpc.discover',
];

const TOOLS = [
  'health',
  'register_agent',
  'send_message',
  'fetch_inbox',
  'acquire_file_lock',
  'no_such_tool',
  '__proto__',
];

/** Ids as JSON text: what a client might put there, valid or not. */
const idText: Arbitrary<string> = fc.oneof(
  fc.integer().map(String),
  fc.string({ maxLength: 16 }).map((id) => JSON.stringify(id)),
  fc.constantFrom(
    'null',
    '0',
    '-1',
    '1.5',
    '1e308',
    '9007199254740993',
    '123456789012345678901234567890',
    '-0',
    'true',
    '{}',
    '[]',
    '{"a":1}',
    JSON.stringify('x'.repeat(10_000)),
    JSON.stringify('__proto__'),
  ),
);

/** JSON text for params: of any shape, or aimed at the method's real params. */
const paramsText: Arbitrary<string> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        name: fc.constantFrom(...TOOLS),
        arguments: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constant({ agent_id: 'ghost' })),
        uri: fc.constantFrom(
          'troupe://agents',
          'troupe://nothing',
          'troupe://inbox/ghost',
          'file:///etc/passwd',
          '',
        ),
        requestId: fc.oneof(fc.integer(), fc.string({ maxLength: 8 })),
        level: fc.constantFrom('debug', 'emergency', 'nope'),
        protocolVersion: fc.constantFrom('2025-11-25', '1999-01-01', ''),
        _meta: fc.oneof(fc.constant({ progressToken: 1 }), fc.jsonValue({ maxDepth: 1 })),
      },
      { requiredKeys: [] },
    )
    .map((params) => JSON.stringify(params)),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{}}}',
  ),
);

/** A JSON-RPC-looking message, written by hand so that any part may be wrong. */
const messageText: Arbitrary<string> = fc
  .record(
    {
      jsonrpc: fc.constantFrom('"2.0"', '"2.0"', '"2.0"', '"1.0"', '2', 'null'),
      id: idText,
      method: fc.oneof(
        fc.constantFrom(...METHODS).map((method) => JSON.stringify(method)),
        fc.string({ maxLength: 12 }).map((method) => JSON.stringify(method)),
        fc.constantFrom('42', 'null', '["tools/call"]'),
      ),
      params: paramsText,
      result: fc.jsonValue({ maxDepth: 1 }).map((value) => JSON.stringify(value)),
      error: fc.constantFrom('{"code":-1,"message":"x"}', '{}', 'null'),
    },
    { requiredKeys: ['jsonrpc'] },
  )
  .map(
    (parts) =>
      `{${Object.entries(parts)
        .map(([key, value]) => `"${key}":${value}`)
        .join(',')}}`,
  );

/** A well-formed request (or notification) for any method, real or not, with params of any shape. */
const requestText: Arbitrary<string> = fc
  .record(
    {
      jsonrpc: fc.constant('2.0'),
      id: fc.oneof(fc.integer(), fc.string({ maxLength: 12 })),
      method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 16 })),
      params: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    },
    { requiredKeys: ['jsonrpc', 'method'] },
  )
  .map((message) => JSON.stringify(message));

/** Text that is not JSON, or JSON cut short. */
const brokenText: Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  messageText.chain((text) =>
    fc.integer({ min: 0, max: Math.max(0, text.length - 1) }).map((end) => text.slice(0, end)),
  ),
  fc.constantFrom('{', '}', '[', '"', '{"jsonrpc":"2.0",', '\u0000', '\ufeff{}', ' '),
);

/** Nesting JSON.parse must survive (or refuse) without taking the process down. */
const deepText: Arbitrary<string> = fc
  .tuple(fc.constantFrom(1_000, 10_000, 100_000), fc.boolean())
  .map(([depth, inObjects]) =>
    inObjects
      ? `{"jsonrpc":"2.0","id":1,"method":"ping","params":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`
      : `${'['.repeat(depth)}${']'.repeat(depth)}`,
  );

/** One frame of any kind. `maxMessageBytes`: the process's limit, so that some frames go past it. */
export function anyFrame(maxMessageBytes: number): Arbitrary<Frame> {
  return fc.oneof(
    { arbitrary: messageText, weight: 10 },
    { arbitrary: requestText, weight: 4 },
    { arbitrary: brokenText, weight: 4 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), weight: 3 },
    {
      arbitrary: fc.array(messageText, { maxLength: 4 }).map((batch) => `[${batch.join(',')}]`),
      weight: 2,
    },
    { arbitrary: fc.uint8Array({ maxLength: 64 }), weight: 2 },
    { arbitrary: deepText, weight: 1 },
    {
      arbitrary: fc
        .constantFrom('ping', 'tools/call')
        .map(
          (method) =>
            `{"jsonrpc":"2.0","id":"big","method":"${method}","params":{"pad":"${'x'.repeat(maxMessageBytes)}"}}`,
        ),
      weight: 1,
    },
  );
}

/** The frames of one case: one to three. */
export function anyFrames(maxMessageBytes: number): Arbitrary<Frame[]> {
  return fc.array(anyFrame(maxMessageBytes), { minLength: 1, maxLength: 3 });
}
