/**
 * The gateway as the runtime host runs it: started on the host's actor system from the
 * config file `troupe serve` loaded (without waiting for the servers: a session is served
 * at once, and tools join as their servers come up), and kept in step with that file — a
 * valid change is applied without a restart (only the servers whose entry changed are
 * touched), an invalid one is logged and the running config kept. It owns the watch, not
 * the gateway's behaviour (`actors/gateway/`).
 */
import type { Logger } from 'pino';
import { watchGatewayConfig } from '../../../actors/gateway/config/config-watcher.js';
import type { GatewayConfig } from '../../../actors/gateway/config/server-config.js';
import type { Gateway } from '../../../actors/gateway/embedding/gateway.js';
import type { AcquireLease } from '../../../actors/gateway/embedding/lease-bridge.js';
import { startGateway } from '../../../actors/gateway/embedding/start-gateway.js';
import type { ActorSystem } from '../../kernel/index.js';

/** The config file and what it held when `troupe serve` started. */
export interface GatewayFile {
  readonly file: string;
  readonly config: GatewayConfig;
}

export interface HostedGateway {
  readonly gateway: Gateway;
  stop(): Promise<void>;
}

export async function startHostedGateway(
  system: ActorSystem,
  source: GatewayFile,
  options: {
    readonly orchestration: boolean;
    readonly log: Logger;
    /** The leases of `lock_argument` tools (the lock facade's, `src/mcp/gateway/lock-leases.ts`). */
    readonly acquireLease?: AcquireLease;
  },
): Promise<HostedGateway> {
  const { log, acquireLease } = options;
  const gateway = await startGateway(system, source.config, {
    waitForServers: false,
    orchestration: options.orchestration,
    ...(acquireLease ? { acquireLease } : {}),
  });
  const watcher = watchGatewayConfig(source.file, { current: source.config });
  const following = (async () => {
    for await (const event of watcher) {
      switch (event.kind) {
        case 'changed':
          try {
            const diff = await gateway.reload(event.config);
            log.info({ file: source.file, ...diff }, 'troupe serve: gateway config reloaded');
          } catch (error) {
            log.error(
              { file: source.file, error: (error as Error).message },
              'troupe serve: gateway reload failed',
            );
          }
          break;
        case 'invalid':
          log.warn(
            { file: source.file, issues: event.error.issues },
            'troupe serve: gateway config is invalid; the running one is kept',
          );
          break;
      }
    }
  })();
  log.info(
    { file: source.file, servers: [...source.config.servers.keys()] },
    'troupe serve: gateway started',
  );
  return {
    gateway,
    async stop() {
      watcher.close();
      await following;
      await gateway.stop();
    },
  };
}
