// The benchmark harness (`npm run bench`): start-up, synthetic trees of several sizes against the floor of
// reading and parsing the same files, and large mapRoles blocks. Every figure comes from a child process
// (`node dist/src/cli.js`, as a user runs it), timed with performance.now() (median of several runs), with
// its peak memory from /usr/bin/time -v, or from process.resourceUsage() in a preloaded hook without it.
// Usage: npx tsx scripts/bench/run.ts [--sizes 1000,10000,50000] [--json FILE] [--quick] [--keep] [--reps N]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { awsAuthConfigMap, generateTree, Random } from './generate.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'bin', 'cli.js'); // the package's bin: the bundle users run
const FLOOR = join(import.meta.dirname, 'floor.mjs');
const MAX_RSS_HOOK = join(import.meta.dirname, 'max-rss.mjs');
const TIME = '/usr/bin/time';

interface Sample {
  readonly ms: number;
  /** Peak resident set size in MiB. */
  readonly rssMb: number;
  /** User + system CPU time: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  readonly stdout: string;
}

interface Measured {
  /** Median wall time. */
  readonly ms: number;
  /** Highest peak RSS over the runs. */
  readonly rssMb: number;
  /** Median CPU time (user + system). */
  readonly cpuMs: number;
  readonly runs: readonly number[];
}

/** Runs `node ARGS` once, timing it from spawn to exit. */
async function runNode(args: readonly string[], cwd: string, allowedExits: readonly number[]): Promise<Sample> {
  const rssFile = join(tmpdir(), `eal-bench-rss-${String(process.pid)}-${String(performance.now())}`);
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const argv = useTime ? ['-v', process.execPath, ...args] : ['--import', MAX_RSS_HOOK, ...args];
  const env = { ...process.env, CI: '1', NO_COLOR: '1', EAL_BENCH_RSS_FILE: rssFile };
  const start = performance.now();
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (status) => {
      resolve({ code: status, stdout: out, stderr: err });
    });
  });
  const ms = performance.now() - start;
  if (code === null || !allowedExits.includes(code)) throw new Error(`node ${args.join(' ')} exited with ${String(code)}: ${stderr.slice(0, 2000)}`);
  let rssKb: number;
  let cpuMs: number;
  if (useTime) {
    const field = (label: string): number => Number(new RegExp(`${label}: ([\\d.]+)`).exec(stderr)?.[1] ?? NaN);
    rssKb = field('Maximum resident set size \\(kbytes\\)');
    cpuMs = (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000;
  } else {
    const [rss, cpuMicros] = readFileSync(rssFile, 'utf8').split(' ').map(Number);
    rssKb = rss ?? NaN;
    cpuMs = (cpuMicros ?? NaN) / 1000;
    rmSync(rssFile, { force: true });
  }
  return { ms, rssMb: rssKb / 1024, cpuMs, stdout };
}

interface Command {
  readonly args: readonly string[];
  readonly allowedExits?: readonly number[];
}

/**
 * Runs the commands in turn, `reps` rounds: interleaved, so that a change in the machine's load during
 * the benchmark weighs on all of them alike and the ratios stay fair.
 */
async function measureTogether(commands: readonly Command[], cwd: string, reps: number): Promise<(Measured & { stdout: string })[]> {
  const samples: Sample[][] = commands.map(() => []);
  for (let i = 0; i < reps; i++) {
    for (const [index, command] of commands.entries()) samples[index]?.push(await runNode(command.args, cwd, command.allowedExits ?? [0]));
  }
  return samples.map((list) => {
    const runs = list.map((s) => s.ms);
    return { ms: median(runs), rssMb: Math.max(...list.map((s) => s.rssMb)), cpuMs: median(list.map((s) => s.cpuMs)), runs, stdout: list[0]?.stdout ?? '' };
  });
}

async function measure(args: readonly string[], cwd: string, reps: number, allowedExits: readonly number[] = [0]): Promise<Measured & { stdout: string }> {
  const [result] = await measureTogether([{ args, allowedExits }], cwd, reps);
  if (result === undefined) throw new Error('nothing measured');
  return result;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? NaN) : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
}

/** The linter's findings exit 1; only 2 (usage or internal error) is a failure of the run. */
const LINT_EXITS = [0, 1];
/** The linter as the benchmark runs it: no configuration file from above the temporary directory. */
const lintArgs = (...paths: string[]): string[] => [CLI, '--no-config', ...paths];

interface TreeResult {
  readonly size: number;
  readonly files: number;
  readonly mb: number;
  readonly relevant: Readonly<Record<string, number>>;
  readonly lint: Measured;
  readonly floor: Measured;
  readonly filesPerSecond: number;
  readonly mbPerSecond: number;
  readonly ratio: number;
  /** The same ratio in CPU time. */
  readonly cpuRatio: number;
}

async function benchTree(size: number, reps: number, keep: boolean): Promise<TreeResult> {
  const root = mkdtempSync(join(tmpdir(), `eal-bench-${String(size)}-`));
  try {
    const tree = generateTree(root, size, size);
    const [floor, lint] = await measureTogether([{ args: [FLOOR, root] }, { args: lintArgs('.'), allowedExits: LINT_EXITS }], root, reps);
    if (floor === undefined || lint === undefined) throw new Error('nothing measured');
    const floorCount = JSON.parse(floor.stdout) as { files: number; bytes: number };
    if (floorCount.files !== tree.lintable) throw new Error(`the floor read ${String(floorCount.files)} files, the tree has ${String(tree.lintable)}`);
    const mb = tree.lintableBytes / 1024 / 1024;
    if (keep) process.stderr.write(`kept ${root}\n`);
    return {
      size,
      files: tree.lintable,
      mb,
      relevant: tree.relevant,
      lint: strip(lint),
      floor: strip(floor),
      filesPerSecond: tree.lintable / (lint.ms / 1000),
      mbPerSecond: mb / (lint.ms / 1000),
      ratio: lint.ms / floor.ms,
      cpuRatio: lint.cpuMs / floor.cpuMs,
    };
  } finally {
    if (!keep) rmSync(root, { recursive: true, force: true });
  }
}

function strip(m: Measured): Measured {
  return { ms: m.ms, rssMb: m.rssMb, cpuMs: m.cpuMs, runs: m.runs };
}

/** One aws-auth ConfigMap with `entries` mapRoles entries, linted on its own. */
async function benchMapRoles(entries: number, reps: number): Promise<{ entries: number; kb: number; lint: Measured }> {
  const root = mkdtempSync(join(tmpdir(), 'eal-bench-maproles-'));
  try {
    const text = awsAuthConfigMap(new Random(entries), entries);
    writeFileSync(join(root, 'aws-auth.yaml'), text);
    const lint = await measure(lintArgs('aws-auth.yaml'), root, reps, LINT_EXITS);
    return { entries, kb: Buffer.byteLength(text) / 1024, lint: strip(lint) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function benchStartup(reps: number) {
  const root = mkdtempSync(join(tmpdir(), 'eal-bench-small-'));
  try {
    writeFileSync(join(root, 'aws-auth.yaml'), awsAuthConfigMap(new Random(7), 6));
    // One warm-up run of each, so the first measured run does not pay for a cold file cache.
    await runNode(['-e', '0'], root, [0]);
    await runNode([CLI, '--version'], root, [0]);
    const [nodeBaseline, version, smallFile] = await measureTogether([{ args: ['-e', '0'] }, { args: [CLI, '--version'] }, { args: lintArgs('aws-auth.yaml'), allowedExits: LINT_EXITS }], root, reps);
    if (nodeBaseline === undefined || version === undefined || smallFile === undefined) throw new Error('nothing measured');
    return { nodeBaseline: strip(nodeBaseline), version: strip(version), versionRatio: version.ms / nodeBaseline.ms, smallFile: strip(smallFile) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const fixed = (n: number, digits = 0): string => n.toFixed(digits);

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      json: { type: 'string' },
      quick: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      reps: { type: 'string' },
    },
  });
  if (!existsSync(CLI)) throw new Error('dist/bin/cli.js is missing: run `npm run build` first (npm run bench does)');
  const sizes = (values.sizes ?? (values.quick ? '1000' : '1000,10000,50000')).split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--sizes takes positive integers, comma-separated');
  const reps = values.reps === undefined ? (values.quick ? 1 : 3) : Number(values.reps);
  const startupReps = values.quick ? 5 : 15;

  const startup = await benchStartup(startupReps);
  const trees: TreeResult[] = [];
  for (const size of sizes) {
    process.stderr.write(`bench: ${String(size)} files...\n`);
    trees.push(await benchTree(size, reps, values.keep));
  }
  const mapRoles = [await benchMapRoles(1000, reps), await benchMapRoles(5000, reps)];

  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version, platform: process.platform };
  process.stdout.write(`eks-auth-lint benchmark: ${machine.cpu}, ${String(machine.cores)} cores, Node ${machine.node}; median of ${String(reps)} (trees) / ${String(startupReps)} (start-up) runs\n\n`);
  process.stdout.write(
    `${table([
      ['start-up', 'ms', 'cpu ms', 'peak MB', 'ratio'],
      ['node -e 0', fixed(startup.nodeBaseline.ms, 1), fixed(startup.nodeBaseline.cpuMs), fixed(startup.nodeBaseline.rssMb), ''],
      ['eks-auth-lint --version', fixed(startup.version.ms, 1), fixed(startup.version.cpuMs), fixed(startup.version.rssMb), `${fixed(startup.versionRatio, 2)}x node -e 0`],
      ['one small file', fixed(startup.smallFile.ms, 1), fixed(startup.smallFile.cpuMs), fixed(startup.smallFile.rssMb), ''],
    ])}\n\n`,
  );
  process.stdout.write(
    `${table([
      ['tree', 'files', 'MB', 'lint ms', 'files/s', 'MB/s', 'peak MB', 'floor ms', 'floor MB', 'ratio', 'cpu ratio'],
      ...trees.map((t) => [
        `${String(t.size)} files`,
        String(t.files),
        fixed(t.mb, 1),
        fixed(t.lint.ms),
        fixed(t.filesPerSecond),
        fixed(t.mbPerSecond, 1),
        fixed(t.lint.rssMb),
        fixed(t.floor.ms),
        fixed(t.floor.rssMb),
        `${fixed(t.ratio, 2)}x`,
        `${fixed(t.cpuRatio, 2)}x`,
      ]),
    ])}\n\n`,
  );
  process.stdout.write(
    `${table([
      ['one aws-auth ConfigMap', 'KB', 'lint ms', 'cpu ms', 'peak MB'],
      ...mapRoles.map((m) => [`${String(m.entries)} mapRoles entries`, fixed(m.kb), fixed(m.lint.ms), fixed(m.lint.cpuMs), fixed(m.lint.rssMb)]),
    ])}\n`,
  );
  if (values.json !== undefined) {
    writeFileSync(values.json, `${JSON.stringify({ machine, reps, startupReps, startup, trees, mapRoles }, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
