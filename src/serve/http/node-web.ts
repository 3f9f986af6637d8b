/**
 * Between node:http and the Web Fetch types the SDK's Streamable HTTP transport speaks (the
 * `Request` side is `node-request.ts`): a `Response` written out to a `ServerResponse` —
 * streamed, so an SSE stream reaches the client event by event, and cancelled when the client
 * goes away (the transport then forgets the stream, and a resume of it is not refused as a
 * conflict). It also reads a body under a size limit and writes the small JSON answers of the
 * listener itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * How long the head of a streamed answer may wait for the stream's next chunks before it
 * is sent: a tool call answered within it leaves in one write (head, priming event, the
 * answer, the end) instead of one for the head and one for the rest; a long call's client
 * hears the head (and what the stream had so far) after this long, then every chunk as it
 * comes.
 */
const HEAD_WINDOW_MS = 5;

/** Write `response` to `res`, its body chunk by chunk; resolves when it is all written or the client left. */
export async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  const body = response.body;
  if (body === null) {
    res.end();
    return;
  }
  // The chunks read within the head window, written with the head when it closes (or the stream ends).
  let held: Uint8Array[] | null = [];
  const release = () => {
    if (held === null) return;
    const chunks = held;
    held = null;
    if (res.destroyed) return;
    if (chunks.length === 0) res.flushHeaders();
    else res.write(Buffer.concat(chunks));
  };
  const window = setTimeout(release, HEAD_WINDOW_MS);
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  res.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (held !== null) {
        held.push(value);
        continue;
      }
      if (!res.write(value)) await drained(res);
      if (res.destroyed) break;
    }
  } catch {
    // The stream was cancelled (the client left) or errored: nothing more to write.
  } finally {
    clearTimeout(window);
    res.off('close', cancel);
    if (res.destroyed) cancel();
    else if (held !== null && held.length > 0) res.end(Buffer.concat(held));
    else res.end();
    held = null;
  }
}

/** A request body: read whole, refused for its size, or cut off by the client going away. */
export type BodyRead =
  | { readonly kind: 'read'; readonly text: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'client-left' };

/**
 * Read `req`'s body as UTF-8, refusing more than `maxBytes` (by `Content-Length`, or while
 * reading); a connection reset or closed before the body ended is `client-left` (nobody to
 * answer, nothing wrong here). Read with `data`/`end` listeners rather than `for await`:
 * making the stream's async iterator is a measurable part of a small request's cost.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    drainUnread(req);
    return Promise.resolve({ kind: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      settle();
      drainUnread(req);
      resolve({ kind: 'too-large' });
    };
    const onEnd = () => {
      settle();
      resolve({ kind: 'read', text: Buffer.concat(chunks).toString('utf8') });
    };
    const onGone = () => {
      settle();
      drainUnread(req);
      resolve({ kind: 'client-left' });
    };
    function settle(): void {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('close', onGone);
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('close', onGone);
  });
}

/** Let the rest of a refused body flow away unread; a connection reset meanwhile is nobody's error. */
function drainUnread(req: IncomingMessage): void {
  req.on('error', () => {});
  req.resume();
}

/** A JSON answer (a health record, or a JSON-RPC error of the listener's own). */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** A JSON-RPC error answer with no id (the request was refused before it was read as a message). */
export function writeRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  writeJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, headers);
}

/** Resolves when `res` can take more, or is closed; no listener is left behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
