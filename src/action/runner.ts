import { randomUUID } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { escapeData, escapeProperty } from '../report/github.js';

/**
 * The parts of the GitHub Actions runner protocol the action needs: workflow commands on standard
 * output, and the files the runner names in GITHUB_OUTPUT and GITHUB_STEP_SUMMARY.
 */
export class Runner {
  constructor(
    private readonly env: NodeJS.ProcessEnv,
    private readonly write: (text: string) => void,
  ) {}

  /** A step output, in the runner's multi-line (heredoc) format with a delimiter the value cannot contain. */
  setOutput(name: string, value: string): void {
    const file = this.env.GITHUB_OUTPUT;
    if (file === undefined || file === '') return;
    const delimiter = `ghadelimiter_${randomUUID()}`;
    appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
  }

  appendSummary(markdown: string): void {
    const file = this.env.GITHUB_STEP_SUMMARY;
    if (file === undefined || file === '') return;
    appendFileSync(file, markdown);
  }

  error(message: string): void {
    this.write(`::error title=${escapeProperty('eks-auth-lint')}::${escapeData(message)}\n`);
  }

  /** Prints text that may contain `::` (file content, ARNs) without the runner reading it as commands, folded in a group. */
  group(title: string, text: string): void {
    const token = randomUUID();
    this.write(`::group::${escapeData(title)}\n::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n::endgroup::\n`);
  }

  log(text: string): void {
    this.write(`${text}\n`);
  }
}
