// Preloaded (`node --import`) into a benchmarked child when /usr/bin/time is not available: on exit,
// writes the process's peak resident set size in KiB and its CPU time (user + system) in microseconds to
// the file named by EAL_BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const target = process.env.EAL_BENCH_RSS_FILE;
if (target !== undefined) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, `${String(usage.maxRSS)} ${String(usage.userCPUTime + usage.systemCPUTime)}`);
  });
}
