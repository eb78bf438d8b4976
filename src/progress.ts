/** Where progress goes: process.stderr, or a fake in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  readonly stream: ProgressStream;
  /** `--quiet`: no progress at all. */
  readonly quiet?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Milliseconds; injected by tests. */
  readonly now?: () => number;
  /** Nothing is shown before a run has taken this long: short runs stay silent. Default: 1000, or EKS_AUTH_LINT_PROGRESS_DELAY_MS. */
  readonly delayMs?: number;
  /** At most one redraw per interval, however many files are done in it. */
  readonly intervalMs?: number;
}

export interface Progress {
  /** `done` of `total` files are done. */
  readonly update: (done: number, total: number) => void;
  /** Clears the line, if one was drawn; later updates draw nothing. */
  readonly finish: () => void;
}

const SILENT: Progress = { update: () => undefined, finish: () => undefined };

/**
 * One line on a terminal's stderr, rewritten in place with `\r`, for runs longer than about a second.
 * Never on a pipe or a file, in CI, or with `--quiet`: those readers want the report only.
 */
export function createProgress(options: ProgressOptions): Progress {
  const env = options.env ?? {};
  if (options.quiet === true || options.stream.isTTY !== true || inCi(env)) return SILENT;
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMs ?? delayFrom(env);
  const interval = options.intervalMs ?? 100;
  const start = now();
  let drawn = 0;
  let lastDraw = -Infinity;
  let finished = false;
  return {
    update: (done, total) => {
      if (finished) return;
      const time = now();
      if (time - start < delay || time - lastDraw < interval) return;
      lastDraw = time;
      const line = `eks-auth-lint: ${String(done)}/${String(total)} files`;
      // Pad over a longer previous line, so that no digits of it stay behind.
      options.stream.write(`\r${line.padEnd(drawn)}`);
      drawn = line.length;
    },
    finish: () => {
      if (finished) return;
      finished = true;
      if (drawn > 0) options.stream.write(`\r${' '.repeat(drawn)}\r`);
    },
  };
}

/** EKS_AUTH_LINT_PROGRESS_DELAY_MS (milliseconds, 0 or more) shows progress sooner or later than after a second. */
function delayFrom(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.EKS_AUTH_LINT_PROGRESS_DELAY_MS?.trim() ?? '';
  const value = raw === '' ? NaN : Number(raw);
  return Number.isFinite(value) && value >= 0 ? value : 1000;
}

/** CI services set CI (GitHub Actions, GitLab, CircleCI, Travis, Buildkite...); `CI=false` or `CI=0` turns it off. */
function inCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== 'false' && value !== '0';
}
