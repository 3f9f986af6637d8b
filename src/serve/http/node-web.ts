/**
 * Between node:http and the Web Fetch types the SDK's Streamable HTTP transport speaks: a
 * `Request` from an `IncomingMessage` (its body already read by the listener), a `Response`
 * written out to a `ServerResponse` — streamed, so an SSE stream reaches the client event by
 * event, and cancelled when the client goes away (the transport then forgets the stream, and
 * a resume of it is not refused as a conflict). It also reads a body under a size limit and
 * writes the small JSON answers of the listener itself.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A `Request` carrying `req`'s method, URL and headers (no body: the transport gets it parsed). */
export function webRequestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.set(name, value);
  }
  return new Request(new URL(req.url ?? '/', 'http://localhost'), { method: req.method ?? 'GET', headers });
}

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
  res.flushHeaders();
  const reader = body.getReader();
  const cancel = () => void reader.cancel().catch(() => {});
  res.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drained(res);
      if (res.destroyed) break;
    }
  } catch {
    // The stream was cancelled (the client left) or errored: nothing more to write.
  } finally {
    res.off('close', cancel);
    if (res.destroyed) cancel();
    else res.end();
  }
}

export type BodyRead = { readonly kind: 'read'; readonly text: string } | { readonly kind: 'too-large' };

/** Read `req`'s body as UTF-8, refusing more than `maxBytes` (by `Content-Length`, or while reading). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return { kind: 'too-large' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      req.resume();
      return { kind: 'too-large' };
    }
    chunks.push(chunk);
  }
  return { kind: 'read', text: Buffer.concat(chunks).toString('utf8') };
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
