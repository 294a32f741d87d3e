// Fuzzes the direct-query auth gate: seeded streams of valid tokens, tokens signed over
// random (mostly wrong) headers and claims, single and multiple mutations of valid tokens,
// and garbage. A reference verifier written independently here decides what must be
// accepted; any disagreement, any throw, any unhandled rejection is a failure. jose, the
// library the gate's signature step used to call, is a second referee for that step: a
// token the gate accepts must verify under jose (HS256 only) with one of the keys, and a
// token the gate refuses for its signature must verify under jose with neither.

import { createHmac, createSecretKey } from 'node:crypto';
import { compactVerify } from 'jose';
import { createAuthGate } from '../../src/directquery/auth/index.js';
import { mulberry32, type Rng } from '../helpers/rng.js';

const KEY = 'fuzz-current-key-Qa1Ws2Ed3Rf4Tg5Yh6Uj7Ik8';
const PREV = 'fuzz-previous-key-Ol9Ik8Uj7Yh6Tg5Rf4Ed3Ws';
const WRONG = 'fuzz-wrong-key-Zx1Cv2Bn3Mq4Wa5Sd6Fg7Hj8K';
const NOW_S = 1_800_000_000;
const TOL = 30;
const MAX_LIFE = 900;
const MAX_HEADER = 8192;

export interface FuzzReport {
  readonly name: string;
  readonly cases: number;
  readonly accepted: number;
  readonly refused: number;
  readonly byKind: Record<string, number>;
  readonly unhandledRejections: number;
  /** Accepted calls answered from the gate's verified-token cache. */
  readonly cacheHits: number;
  readonly failures: { case: number; input: string; problem: string }[];
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const JUNK = [...B64, ...'.=+/ \t\n\u00e9\u2028\u0000\ud800"{}[]:,'];
const B64_CHARS = [...B64];

function pick<T>(r: Rng, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

const enc = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

function sign(header: unknown, payload: unknown, key: string, hash = 'sha256'): string {
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${createHmac(hash, key).update(input).digest('base64url')}`;
}

let jtiCounter = 0;
const freshJti = () => `jti-${++jtiCounter}`;

function validClaims(r: Rng): Record<string, unknown> {
  const agent = r() < 0.5;
  const c: Record<string, unknown> = agent
    ? { iss: 'PL', aud: 'vizier', sub: 'service', Scopes: 'service', ServiceID: 'kelvin', jti: freshJti(), iat: NOW_S, nbf: NOW_S - 60, exp: NOW_S + 60 }
    : { iss: 'PL', aud: ['vizier'], sub: 'dx', Scopes: 'service', ServiceID: 'dx', jti: '', iat: 0, nbf: 0, exp: NOW_S + 600 };
  if (r() < 0.2) c['aud'] = pick(r, ['vizier', ['vizier'], ['cloud', 'vizier']]);
  if (r() < 0.2) c['Scopes'] = pick(r, ['service', 'user,service', ' service ']);
  if (r() < 0.2) delete c['jti'];
  return c;
}

const CLAIM_VALUES: Record<string, readonly unknown[]> = {
  iss: ['PL', 'PL', 'pl', 'ACME', '', 1, null, ['PL']],
  aud: ['vizier', ['vizier'], ['x', 'vizier'], 'Vizier', ['cloud'], [], [1, 'vizier'], 7, null],
  sub: ['service', 'dx', '', 5, null],
  Scopes: ['service', 'user,service', 'user', '', ['service'], 'services', null],
  ServiceID: ['kelvin', 'dx', '', 0, null, {}],
  jti: ['j', '', 12, null],
  iat: [NOW_S, 0, NOW_S + TOL, NOW_S + TOL + 1, NOW_S + 3600, 'now', -1, 1e308],
  nbf: [NOW_S - 60, 0, NOW_S + TOL, NOW_S + TOL + 1, NOW_S + 3600, '0', null],
  exp: [NOW_S + 60, NOW_S + MAX_LIFE, NOW_S + MAX_LIFE + 1, NOW_S, NOW_S - 1, NOW_S + 0.5, '9', null, Infinity, 1e300],
};

function randomClaims(r: Rng): unknown {
  if (r() < 0.03) return pick(r, [[], 'text', 42, null, [1, 2]]);
  const c: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(CLAIM_VALUES)) {
    const x = r();
    if (x < 0.75) c[name] = values[0];
    else if (x < 0.85) continue;
    else c[name] = pick(r, values);
  }
  if (typeof c['jti'] === 'string' && c['jti'] !== '') c['jti'] = freshJti();
  if (r() < 0.1) c['extra'] = 'ignored';
  return c;
}

function randomHeader(r: Rng): { header: unknown; hash: string } {
  if (r() < 0.03) return { header: pick(r, ['not json', [], 1, null]), hash: 'sha256' };
  const alg = r() < 0.8 ? 'HS256' : pick(r, ['HS384', 'HS512', 'none', 'RS256', 'hs256', '', 256]);
  const h: Record<string, unknown> = { alg };
  const t = r();
  if (t < 0.6) h['typ'] = 'JWT';
  else if (t < 0.7) h['typ'] = pick(r, ['jwt', 'at+jwt', 'JOSE', 1, null]);
  if (r() < 0.05) h['crit'] = pick(r, [['exp'], [], 'b64']);
  if (r() < 0.05) h['kid'] = 'k1';
  const hash = alg === 'HS384' ? 'sha384' : alg === 'HS512' ? 'sha512' : 'sha256';
  return { header: h, hash };
}

function mutate(r: Rng, token: string): string {
  let t = token;
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const pos = Math.floor(r() * (t.length + 1));
    switch (Math.floor(r() * 10)) {
      case 8: t = flipSpareBits(r, t); break;
      case 0: t = t.slice(0, pos) + pick(r, B64_CHARS) + t.slice(pos + 1); break;
      case 1: t = t.slice(0, pos) + t.slice(pos + 1); break;
      case 2: t = t.slice(0, pos) + pick(r, JUNK) + t.slice(pos); break;
      case 3: t = t.slice(0, pos); break;
      case 4: t = t + pick(r, ['.', '=', '==', ' ', '.x', t]); break;
      case 5: { const s = t.split('.'); t = [s[1], s[0], ...s.slice(2)].join('.'); break; }
      case 6: t = t.slice(0, pos) + (t[pos] ?? '').toUpperCase() + t.slice(pos + 1); break;
      case 7: { const s = t.split('.'); s.splice(Math.floor(r() * s.length), 1); t = s.join('.'); break; }
      default: t = t.slice(0, pos) + String.fromCharCode(t.charCodeAt(pos) ^ (1 << Math.floor(r() * 7))) + t.slice(pos + 1); break;
    }
  }
  return t;
}

// Changes only the unused low bits of a segment's last character: same bytes, another
// spelling. A verifier that decodes leniently would accept it.
function flipSpareBits(r: Rng, token: string): string {
  const s = token.split('.');
  const i = Math.floor(r() * s.length);
  const seg = s[i]!;
  const spare = seg.length % 4 === 2 ? 0x0f : seg.length % 4 === 3 ? 0x03 : 0;
  const v = B64.indexOf(seg[seg.length - 1] ?? '');
  if (spare === 0 || v < 0) return token;
  s[i] = seg.slice(0, -1) + B64[(v & ~spare) | (1 + Math.floor(r() * spare))];
  return s.join('.');
}

function garbage(r: Rng): string {
  const len = r() < 0.05 ? MAX_HEADER + Math.floor(r() * 2000) : Math.floor(r() * 200);
  let s = '';
  for (let i = 0; i < len; i++) s += pick(r, JUNK);
  return s;
}

// --- the reference verifier: written from the policy, not from the gate's code ----------

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function jsonObject(seg: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(strictUtf8.decode(Buffer.from(seg, 'base64url')));
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function referenceAccepts(values: readonly unknown[], used: Set<string>): boolean {
  if (values.length !== 1 || typeof values[0] !== 'string') return false;
  const v = values[0];
  if (Buffer.byteLength(v) > MAX_HEADER) return false;
  const m = /^bearer ([^.\s]+)\.([^.\s]+)\.([^.\s]+)$/i.exec(v);
  if (!m || v.slice(0, 6).toLowerCase() !== 'bearer') return false;
  const [h, p, s] = [m[1]!, m[2]!, m[3]!];
  for (const seg of [h, p, s]) if (!/^[A-Za-z0-9_-]+$/.test(seg) || Buffer.from(seg, 'base64url').toString('base64url') !== seg) return false;
  const header = jsonObject(h);
  if (!header || header['alg'] !== 'HS256' || 'crit' in header) return false;
  if (header['typ'] !== undefined && !(typeof header['typ'] === 'string' && header['typ'].toLowerCase() === 'jwt')) return false;
  const good = [KEY, PREV].some((k) => createHmac('sha256', k).update(`${h}.${p}`).digest('base64url') === s);
  if (!good) return false;
  const c = jsonObject(p);
  if (!c) return false;
  const num = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  if (!num(c['exp'])) return false;
  const exp = c['exp'] as number;
  if (!(exp > NOW_S) || exp - NOW_S > MAX_LIFE) return false;
  for (const k of ['nbf', 'iat']) {
    if (c[k] === undefined) continue;
    if (!num(c[k])) return false;
    if (c[k] !== 0 && (c[k] as number) > NOW_S + TOL) return false;
  }
  if (c['iss'] !== 'PL') return false;
  const aud = c['aud'];
  if (!(aud === 'vizier' || (Array.isArray(aud) && aud.every((a) => typeof a === 'string') && aud.includes('vizier')))) return false;
  if (typeof c['Scopes'] !== 'string' || !c['Scopes'].split(',').map((x) => x.trim()).includes('service')) return false;
  for (const k of ['ServiceID', 'sub']) if (typeof c[k] !== 'string' || c[k] === '') return false;
  const jti = c['jti'];
  if (jti !== undefined && typeof jti !== 'string') return false;
  if (typeof jti === 'string' && jti !== '') {
    if (used.has(jti)) return false;
    used.add(jti);
  }
  return true;
}

/** Whether jose's compactVerify (HS256 only) accepts the token in `value` with KEY or PREV. */
async function joseVerifies(value: unknown): Promise<boolean> {
  if (typeof value !== 'string') return false;
  const token = value.slice(value.indexOf(' ') + 1);
  for (const k of JOSE_KEYS) {
    try {
      await compactVerify(token, k, { algorithms: ['HS256'] });
      return true;
    } catch {
      // refused with this key; try the next
    }
  }
  return false;
}

const JOSE_KEYS = [KEY, PREV].map((k) => createSecretKey(Buffer.from(k)));

// --- the run -------------------------------------------------------------------------------

export async function run(cases: number, seed: number): Promise<FuzzReport> {
  const r = mulberry32(seed);
  const gate = await createAuthGate({
    key: KEY, previousKey: PREV, clockToleranceS: TOL, maxLifetimeS: MAX_LIFE, jtiCacheSize: cases + 10, now: () => NOW_S * 1000,
  });
  const used = new Set<string>();
  // Values the gate accepted (jti-less ones land in its verified-token cache): replayed as-is
  // and mutated, so that the cache's lookup path meets the same inputs as the full path.
  const acceptedValues: unknown[][] = [];
  const failures: FuzzReport['failures'] = [];
  const byKind: Record<string, number> = {};
  let accepted = 0;
  let unhandled = 0;
  const onUnhandled = () => unhandled++;
  process.on('unhandledRejection', onUnhandled);
  try {
    for (let i = 0; i < cases; i++) {
      const x = r();
      let kind: string;
      let values: unknown[];
      if (x < 0.15) {
        kind = 'valid';
        values = [`${pick(r, ['bearer', 'Bearer', 'BEARER', 'bEaReR'])} ${sign({ alg: 'HS256', typ: 'JWT' }, validClaims(r), pick(r, [KEY, KEY, PREV]))}`];
      } else if (x < 0.5) {
        kind = 'signed-random';
        const { header, hash } = randomHeader(r);
        values = [`bearer ${sign(header, randomClaims(r), pick(r, [KEY, KEY, KEY, PREV, WRONG]), hash)}`];
      } else if (x < 0.6 && acceptedValues.length > 0) {
        kind = 'reused';
        const prior = String(pick(r, acceptedValues)[0]);
        values = [r() < 0.3 ? prior : `bearer ${mutate(r, prior.slice(prior.indexOf(' ') + 1))}`];
      } else if (x < 0.85) {
        kind = 'mutated';
        const original = sign({ alg: 'HS256', typ: 'JWT' }, validClaims(r), KEY);
        const m = mutate(r, original);
        values = [r() < 0.9 ? `bearer ${m}` : mutate(r, `Bearer ${m}`)];
      } else if (x < 0.95) {
        kind = 'garbage';
        values = [r() < 0.5 ? garbage(r) : `bearer ${garbage(r)}`];
      } else {
        kind = 'metadata-shape';
        const t = `bearer ${sign({ alg: 'HS256' }, validClaims(r), KEY)}`;
        values = pick(r, [[], [t, t], [Buffer.from(t)], [''], [t, ''], [t]]);
      }
      byKind[kind] = (byKind[kind] ?? 0) + 1;
      const expected = referenceAccepts(values, used);
      let ok: boolean;
      try {
        const res = await gate.check(values);
        ok = res.ok;
        const signatureRefused = !res.ok && res.error.code === 'ERR_AUTH_SIGNATURE';
        if ((ok || signatureRefused) && (await joseVerifies(values[0])) !== ok) {
          failures.push({ case: i, input: String(values[0]).slice(0, 300), problem: `${kind}: gate ${ok ? 'accepted' : 'refused the signature of'} a token that jose ${ok ? 'refuses' : 'verifies'}` });
        }
      } catch (err) {
        failures.push({ case: i, input: String(values[0]).slice(0, 300), problem: `gate threw: ${(err as Error).message}` });
        continue;
      }
      if (ok) {
        accepted++;
        if (acceptedValues.length < 256) acceptedValues.push(values);
      }
      if (ok !== expected) {
        failures.push({ case: i, input: String(values[0]).slice(0, 300), problem: `${kind}: gate ${ok ? 'accepted' : 'refused'}, reference ${expected ? 'accepts' : 'refuses'}` });
      }
    }
    await new Promise((res) => setImmediate(res));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  if (unhandled > 0) failures.push({ case: -1, input: '', problem: `${unhandled} unhandled rejections` });
  return { name: 'auth', cases, accepted, refused: cases - accepted, byKind, unhandledRejections: unhandled, cacheHits: gate.stats().verifiedCacheHits, failures };
}
