/**
 * The HTTP options of `troupe serve`: `--http [host:]port` read into host and port (default
 * host 127.0.0.1), malformed ones refused naming the option, loopback told apart, a token
 * required off loopback (also from TROUPE_HTTP_TOKEN), and HTTP-only options refused
 * without `--http`.
 */
import { expect, it } from 'vitest';
import { isLoopbackHost, parseHttpBind } from '../../../src/serve/http/http-options.js';
import { parseServeOptions } from '../../../src/serve/serve-options.js';

it('reads [host:]port', () => {
  expect(parseHttpBind('8080')).toEqual({ host: '127.0.0.1', port: 8080 });
  expect(parseHttpBind('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
  expect(parseHttpBind('localhost:3000')).toEqual({ host: 'localhost', port: 3000 });
  expect(parseHttpBind('[::1]:3000')).toEqual({ host: '::1', port: 3000 });
  for (const bad of ['', 'x', ':80', 'host:', 'host:99999', 'a b:80', '::1:80', '80.5'])
    expect(parseHttpBind(bad)).toBeNull();
});

it('tells loopback hosts apart', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', 'app.localhost'])
    expect(isLoopbackHost(host)).toBe(true);
  for (const host of ['0.0.0.0', '::', '10.0.0.1', 'example.com']) expect(isLoopbackHost(host)).toBe(false);
});

it('refuses bad HTTP options, naming them', () => {
  const refusal = (argv: string[]) => {
    try {
      parseServeOptions(argv);
      return null;
    } catch (error) {
      return { message: (error as Error).message, field: (error as { field?: string }).field };
    }
  };
  expect(refusal(['--http', 'nope'])).toMatchObject({
    field: '--http',
    message: expect.stringMatching(/\[host:\]port/),
  });
  expect(refusal(['--http', '0.0.0.0:80'])).toMatchObject({ field: '--http-token' });
  expect(refusal(['--http', '0.0.0.0:80', '--http-token', 'short'])).toMatchObject({ field: '--http-token' });
  expect(refusal(['--http-stateless'])).toMatchObject({ field: '--http-stateless' });
  expect(refusal(['--no-stdio'])).toMatchObject({ field: '--no-stdio' });
  expect(refusal(['--http-port-file', 'port'])).toMatchObject({ field: '--http-port-file' });
  expect(refusal(['--http', '8080', '--http-session-ttl-s', '0'])).toMatchObject({
    field: '--http-session-ttl-s',
  });
  expect(refusal(['--http', '8080', '--http-max-sessions', '0'])).toMatchObject({
    field: '--http-max-sessions',
  });
});

it('takes the token from TROUPE_HTTP_TOKEN, and defaults the rest', () => {
  const saved = process.env.TROUPE_HTTP_TOKEN;
  process.env.TROUPE_HTTP_TOKEN = 'from-the-environment-1234';
  try {
    const options = parseServeOptions(['--http', '0.0.0.0:8080']);
    expect(options.http).toEqual({ host: '0.0.0.0', port: 8080 });
    expect(options['http-token']).toBe('from-the-environment-1234');
    expect(options['http-session-ttl-s']).toBe(1800);
    expect(options['http-max-sessions']).toBe(1000);
    expect(options['http-stateless']).toBe(false);
  } finally {
    if (saved === undefined) delete process.env.TROUPE_HTTP_TOKEN;
    else process.env.TROUPE_HTTP_TOKEN = saved;
  }
});
