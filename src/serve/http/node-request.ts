/**
 * A Web `Request` view of a node:http `IncomingMessage`, for the SDK's Web-standard
 * Streamable HTTP transport, made without copying: the method, URL and headers are read
 * from the message itself (the headers through `NodeHeaders`, a read-only `Headers` over
 * node's parsed header object), and anything else a reader asks of the request comes from a
 * real `Request` built the first time it is needed. A full undici `Request` and `Headers`
 * for every call cost about a tenth of the time a tool call spends in the server (profiled
 * with `check_file_lock` over HTTP); `@hono/node-server`, which the SDK's own Node transport
 * runs on, takes the same shortcut. The body is never read from here: the listener has read
 * and parsed it already.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

type HeaderEntry = [name: string, value: string];

/** Node's parsed headers (names in lower case) as the read side of a `Headers`. */
export class NodeHeaders implements Iterable<HeaderEntry> {
  constructor(private readonly raw: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }

  has(name: string): boolean {
    return this.raw[name.toLowerCase()] !== undefined;
  }

  getSetCookie(): string[] {
    const value = this.raw['set-cookie'];
    return value === undefined ? [] : [...value];
  }

  *entries(): IterableIterator<HeaderEntry> {
    for (const name of Object.keys(this.raw).sort()) {
      const value = this.get(name);
      if (value !== null) yield [name, value];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(callback: (value: string, name: string, headers: NodeHeaders) => void): void {
    for (const [name, value] of this.entries()) callback(value, name, this);
  }

  [Symbol.iterator](): IterableIterator<HeaderEntry> {
    return this.entries();
  }

  append(): never {
    throw new TypeError('The headers of a received request are immutable');
  }

  set(): never {
    throw new TypeError('The headers of a received request are immutable');
  }

  delete(): never {
    throw new TypeError('The headers of a received request are immutable');
  }
}

/** The absolute URL of `req` (its path on this listener). */
function urlOf(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://localhost').href;
}

/** A full `Request` carrying `req`'s method, URL and headers (no body). */
function fullRequestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else headers.set(name, value);
  }
  return new Request(urlOf(req), { method: req.method ?? 'GET', headers });
}

/** A `Request` carrying `req`'s method, URL and headers (no body: the transport gets it parsed). */
export function webRequestOf(req: IncomingMessage): Request {
  let url: string | undefined;
  let full: Request | undefined;
  const light = {
    method: req.method ?? 'GET',
    headers: new NodeHeaders(req.headers),
    get url(): string {
      url ??= urlOf(req);
      return url;
    },
  };
  return new Proxy(light, {
    get(target, property) {
      if (property in target) return Reflect.get(target, property);
      full ??= fullRequestOf(req);
      const value: unknown = Reflect.get(full, property);
      return typeof value === 'function' ? value.bind(full) : value;
    },
  }) as unknown as Request;
}
