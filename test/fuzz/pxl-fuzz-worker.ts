// Worker side of the PxL fuzzer: runs the cases inline, publishing the current case index so
// the parent can spot a compile that never returns.

import { parentPort, workerData } from 'node:worker_threads';
import { runInline } from './pxl-fuzz.js';

const { cases, seed, progress } = workerData as { cases: number; seed: number; progress: Int32Array };
parentPort!.postMessage(runInline(cases, seed, progress));
