// A refused configuration: every problem found in one file, each naming where it is, what was
// expected and how to fix it. Readers collect all problems first and then throw once, so the
// administrator fixes a file in one pass and a config is never applied half-read.

export interface Problem {
  file: string;
  /** 1-based, when the problem has a position in the source. */
  line?: number;
  column?: number;
  /** Where in the document, e.g. `resources[2].operations[0].interval`; '' for the whole file. */
  path: string;
  /** What was expected and what was found. */
  message: string;
  /** How to fix it. */
  fix: string;
}

/** `demo.yaml:14:7 resources[2].operations[0].interval: expected …, found "ten" — fix: write interval: 10s` */
export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined
    ? problem.file
    : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  const path = problem.path === '' ? '' : ` ${problem.path}`;
  return `${where}${path}: ${problem.message} — fix: ${problem.fix}`;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.problems = problems;
  }

  /** One line per problem, in source order. */
  format(): string {
    return this.problems.map(formatProblem).join('\n');
  }
}
