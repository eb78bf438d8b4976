// Do worker threads pay off? Measures the part of a run that workers could take over (reading, decoding
// and recognising files, returning only those that look like EKS auth configuration) on the main thread
// and on 1..N worker threads, alternately, in one process, and prints the medians. An upper bound on
// what workers can save: parsing, the model and the rules stay on the main thread either way.
// Usage (after `npm run build`): node scripts/bench/worker-probe.mjs DIR [MAX_WORKERS=2] [ROUNDS=3]
import { performance } from 'node:perf_hooks';
import { URL } from 'node:url';
import process from 'node:process';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { discover } from '../../dist/src/discover.js';
import { decode } from '../../dist/src/input.js';
import { looksRelevant } from '../../dist/src/load-file.js';
import { readInputs } from '../../dist/src/read-inputs.js';

/** The work itself, identical on either side: read with the product's reader, decode, keep what looks relevant. */
async function recognise(files) {
  const inputs = await readInputs(files);
  const relevant = [];
  for (const input of inputs) {
    const decoded = decode(input);
    if (decoded.ok && looksRelevant(input.path, decoded.text)) relevant.push({ path: input.path, content: input.content });
  }
  return relevant;
}

if (!isMainThread) {
  const relevant = await recognise(workerData.files);
  parentPort.postMessage(relevant);
} else {
  const [root, maxWorkersArgument = '2', roundsArgument = '3'] = process.argv.slice(2);
  if (root === undefined) throw new Error('usage: worker-probe.mjs DIR [MAX_WORKERS] [ROUNDS]');
  const { files } = await discover(['.'], { cwd: root });
  const maxWorkers = Number(maxWorkersArgument);
  const rounds = Number(roundsArgument);

  const onWorkers = async (count) => {
    const chunks = Array.from({ length: count }, (_, k) => files.filter((_, i) => i % count === k));
    const results = await Promise.all(
      chunks.map(
        (chunk) =>
          new Promise((resolve, reject) => {
            const worker = new Worker(new URL(import.meta.url), { workerData: { files: chunk } });
            worker.once('message', resolve);
            worker.once('error', reject);
          }),
      ),
    );
    return results.flat();
  };

  const modes = [['main thread', () => recognise(files)], ...Array.from({ length: maxWorkers }, (_, k) => [`${String(k + 1)} worker(s)`, () => onWorkers(k + 1)])];
  const times = new Map(modes.map(([name]) => [name, []]));
  let relevantCount = -1;
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of modes) {
      const start = performance.now();
      const relevant = await run();
      times.get(name).push(performance.now() - start);
      if (relevantCount >= 0 && relevant.length !== relevantCount) throw new Error(`${name} found ${String(relevant.length)} relevant files, not ${String(relevantCount)}`);
      relevantCount = relevant.length;
    }
  }
  const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  process.stdout.write(`${String(files.length)} files, ${String(relevantCount)} look relevant; median of ${String(rounds)} rounds\n`);
  for (const [name, list] of times) process.stdout.write(`${name.padEnd(12)} ${median(list).toFixed(0).padStart(6)} ms   (${list.map((t) => t.toFixed(0)).join(', ')})\n`);
}
