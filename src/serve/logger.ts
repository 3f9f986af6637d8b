/**
 * The structured log of `troupe serve`: pino, JSON lines to stderr (stdout is MCP's), with
 * every line redacted on its way out (`actors/security/redaction.ts`): secrets and personal
 * data in messages and fields, and the value of any field named like a secret, become
 * `[redacted:<kind>]` — whatever a downstream server, an actor or an error message put there.
 */
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { redactText, redactValue } from '../../actors/security/redaction.js';

export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
  const options: LoggerOptions = {
    level,
    formatters: { log: (fields) => redactValue(fields) },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
        return method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  };
  return pino(options, destination);
}
