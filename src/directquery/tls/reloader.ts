// Certificate reload without dropping calls. grpc-js's (experimental, public) certificate
// provider interface lets server credentials push a new secure context into the running
// HTTP/2 server (tls.Server#setSecureContext): new handshakes use the new material,
// established connections and their in-flight calls are untouched, nothing is re-bound.
// This provider polls the three files' stat signatures; on a change it loads and checks
// them, and publishes only material that passes (a half-written rotation, e.g. a new cert
// with the old key, is skipped and retried at the next poll; the old material keeps
// serving). It never publishes null, which would make grpc-js drop new connections.

import { stat } from 'node:fs/promises';
import type { experimental } from '@grpc/grpc-js';
import type { Logger } from '../../log/logger.js';
import { loadTlsMaterial, sameMaterial, type TlsMaterial, type TlsPaths } from './material.js';

type CaListener = experimental.CaCertificateUpdateListener;
type IdentityListener = experimental.IdentityCertificateUpdateListener;

export class ReloadingCertificateProvider implements experimental.CertificateProvider {
  readonly #paths: TlsPaths;
  readonly #log: Logger;
  #material: TlsMaterial;
  #signature = '';
  #failedSignature = '';
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  readonly #caListeners = new Set<CaListener>();
  readonly #identityListeners = new Set<IdentityListener>();
  #reloads = 0;

  private constructor(paths: TlsPaths, material: TlsMaterial, signature: string, log: Logger) {
    this.#paths = paths;
    this.#material = material;
    this.#signature = signature;
    this.#log = log;
  }

  /** Loads and checks the files once (throws TlsMaterialError naming the file), then watches them. */
  static async start(paths: TlsPaths, intervalMs: number, log: Logger): Promise<ReloadingCertificateProvider> {
    const signature = await statSignature(paths);
    const material = await loadTlsMaterial(paths);
    const p = new ReloadingCertificateProvider(paths, material, signature, log);
    for (const w of material.warnings) log.warn(`direct-query: TLS: ${w}`);
    if (intervalMs > 0) {
      p.#timer = setInterval(() => void p.poll(), intervalMs);
      p.#timer.unref();
    }
    return p;
  }

  get material(): TlsMaterial {
    return this.#material;
  }

  /** How many times new material was published since start. */
  get reloads(): number {
    return this.#reloads;
  }

  /** Checks the files now; resolves when any resulting reload was published. Never rejects. */
  poll(): Promise<void> {
    this.#polling ??= this.#poll().finally(() => (this.#polling = undefined));
    return this.#polling;
  }

  async #poll(): Promise<void> {
    let signature: string;
    try {
      signature = await statSignature(this.#paths);
    } catch (err) {
      this.#warnOnce('stat', `direct-query: TLS reload skipped: ${(err as Error).message}; still serving the previous certificate`);
      return;
    }
    if (signature === this.#signature) return;
    let next: TlsMaterial;
    try {
      next = await loadTlsMaterial(this.#paths);
    } catch (err) {
      this.#warnOnce(signature, `direct-query: TLS reload skipped: ${(err as Error).message}; still serving the previous certificate`);
      return;
    }
    this.#signature = signature;
    if (sameMaterial(next, this.#material)) return;
    this.#material = next;
    this.#reloads++;
    for (const w of next.warnings) this.#log.warn(`direct-query: TLS: ${w}`);
    this.#log.info('direct-query: TLS material reloaded; new connections use it, open ones continue', {
      fingerprint: next.fingerprint,
      validTo: next.validTo,
    });
    this.#publish();
  }

  #warnOnce(signature: string, msg: string): void {
    if (signature === this.#failedSignature) return;
    this.#failedSignature = signature;
    this.#log.warn(msg);
  }

  #publish(): void {
    const m = this.#material;
    for (const l of this.#caListeners) l({ caCertificate: m.ca });
    for (const l of this.#identityListeners) l({ certificate: m.cert, privateKey: m.key });
  }

  // grpc-js registers its listeners while creating the HTTP/2 server and expects the first
  // update asynchronously (a synchronous one would land before its watcher exists).
  addCaCertificateListener(listener: CaListener): void {
    this.#caListeners.add(listener);
    process.nextTick(() => this.#caListeners.has(listener) && listener({ caCertificate: this.#material.ca }));
  }

  removeCaCertificateListener(listener: CaListener): void {
    this.#caListeners.delete(listener);
  }

  addIdentityCertificateListener(listener: IdentityListener): void {
    this.#identityListeners.add(listener);
    process.nextTick(
      () => this.#identityListeners.has(listener) && listener({ certificate: this.#material.cert, privateKey: this.#material.key }),
    );
  }

  removeIdentityCertificateListener(listener: IdentityListener): void {
    this.#identityListeners.delete(listener);
  }

  /** Stops polling. */
  close(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

// Kubernetes updates a mounted secret by swapping a symlink; stat follows it, so the
// target's inode and times change. Size is included for editors that keep the inode.
async function statSignature(paths: TlsPaths): Promise<string> {
  const parts: string[] = [];
  for (const file of [paths.ca, paths.cert, paths.key]) {
    try {
      const s = await stat(file);
      parts.push(`${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`);
    } catch {
      parts.push('absent');
    }
  }
  return parts.join('|');
}
