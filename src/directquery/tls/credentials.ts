// Server credentials for the direct-query listener: TLS from the cluster material by
// default (client certificates only when required), plaintext only under PL_DISABLE_SSL.

import { ServerCredentials, experimental } from '@grpc/grpc-js';
import type { Logger } from '../../log/logger.js';
import { ReloadingCertificateProvider } from './reloader.js';
import type { TlsPaths } from './material.js';

export interface TransportOptions {
  readonly disableSsl: boolean;
  readonly paths: TlsPaths;
  readonly requireClientCert: boolean;
  /** Poll interval for certificate changes; 0 disables reload. */
  readonly reloadIntervalMs: number;
}

export interface Transport {
  readonly mode: 'tls' | 'plaintext';
  readonly credentials: ServerCredentials;
  /** The reloader when serving TLS. */
  readonly provider: ReloadingCertificateProvider | undefined;
  close(): void;
}

export async function createTransport(opts: TransportOptions, log: Logger): Promise<Transport> {
  if (opts.disableSsl) {
    log.warn('direct-query: PL_DISABLE_SSL is set: serving PLAINTEXT; tokens and results cross the network unencrypted');
    return { mode: 'plaintext', credentials: ServerCredentials.createInsecure(), provider: undefined, close: () => {} };
  }
  const provider = await ReloadingCertificateProvider.start(opts.paths, opts.reloadIntervalMs, log);
  // grpc-js's implementation takes the identity provider first, whatever the parameter
  // names in its typings say; passing the one provider for both roles is immune to that.
  // Without the CA role the server does not ask for client certificates at all.
  const credentials = experimental.createCertificateProviderServerCredentials(
    provider,
    opts.requireClientCert ? provider : null,
    opts.requireClientCert,
  );
  return { mode: 'tls', credentials, provider, close: () => provider.close() };
}
