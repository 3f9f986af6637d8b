/**
 * Resource reads (and subscriptions) through the session's access gate: a `resources/read`
 * or `resources/subscribe` whose URI the policy does not let this session read is answered
 * with a JSON-RPC error (`data.code`: `forbidden` or `unauthorized`) and audited, before any
 * resource handler runs. A transport tap (`../protocol/transport-tap.ts`), so the check is in
 * one place whatever registered the resource.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCRequest } from '@modelcontextprotocol/sdk/types.js';
import { INVALID_REQUEST } from '../protocol/errors.js';
import { tapTransport } from '../protocol/transport-tap.js';
import { failure } from '../tool-result.js';
import type { SessionGate } from './session-gate.js';

const GATED_METHODS: ReadonlySet<string> = new Set(['resources/read', 'resources/subscribe']);

/** Gate `mcp`'s resource reads: call before it connects. */
export function gateResources(mcp: McpServer, gate: SessionGate): void {
  const server = mcp.server;
  const connect = server.connect.bind(server);
  server.connect = async (transport: Transport) => {
    tapTransport(transport, {
      received(message, next) {
        if (!('method' in message && 'id' in message) || !GATED_METHODS.has(message.method)) return next();
        const request = message as JSONRPCRequest;
        const uri = (request.params as { uri?: unknown } | undefined)?.uri;
        if (typeof uri !== 'string') return next();
        const refusal = gate.authorizeResource(uri);
        if (refusal === null) return next();
        const tool = { name: request.method, permissions: [], readOnly: true };
        void gate.audit(tool, { uri }, null, failure(refusal)).catch(() => {});
        void transport
          .send({
            jsonrpc: '2.0',
            id: request.id,
            error: {
              code: INVALID_REQUEST,
              message: refusal.message,
              data: { code: refusal.code, field: 'uri' },
            },
          })
          .catch(() => {});
      },
    });
    await connect(transport);
  };
}
