import { helpText } from './args.js';
import { COMMANDS } from './main.js';

/** The flag conventions, as kubectl and helm users expect them. */
const CONVENTIONS = [
  '## Conventions',
  '',
  '- `-o, --output FORMAT` chooses what a command prints, in every command that prints something, as in kubectl and helm; `--json` is `-o json`. `run`, `report` and `compare` know the report formats; `doctor`, `cleanup`, `profiles`, `import` and `version` print `text` or `json`.',
  "- `--out-dir DIR` is where `run` and `import` write result files (helm's `--output-dir` is accepted too). `report --out-file FILE` writes the rendering to a file (`--output-file` is accepted too) and refuses to replace an existing file unless `--force` is given.",
  '- Flags are written `--flag value` or `--flag=value`; short ones `-o value`, `-ovalue` or `-o=value`. `--` ends the flags.',
  "- Old spellings still work, each with a one-line warning on stderr: `--format`/`-f` (now `-o`), `--out` (now `--out-dir`), and `import --format` (now `--from`, the input's format). `-o` no longer names a directory (`run`, `import`) or a file (`report`): such a value is refused with a hint to the new flag.",
  '- A mistyped command, flag or value gets "did you mean"; a flag of another command says which. `cnibench help COMMAND` is `cnibench COMMAND --help`; `-v`, `--version` and `version` print the version (`version --json` for scripts).',
  '- `cnibench completion bash|zsh|fish` prints a completion script generated from the same command table as this page; it completes `kubectl-cnibench` too.',
  '- Output to a pipe that closes early (`cnibench report r.json -o json | head -1`) ends the command quietly with its own exit code.',
  '',
];

/** docs/cli.md, generated from the command table; a test fails when the file is stale. */
export function cliMarkdown(): string {
  const parts = [
    '# Command line reference',
    '',
    'Generated from the code by `npm run docs:cli`; do not edit by hand.',
    '',
    ...CONVENTIONS,
  ];
  for (const c of COMMANDS) {
    parts.push(`## cnibench ${c.name}`, '', '```', helpText(c).trimEnd(), '```', '');
  }
  parts.push(
    'Exit codes: 0 ok; 1 measurement failures or a regression; 2 usage or input error; 130 interrupted (after cleanup).',
    '',
  );
  return parts.join('\n');
}

if (process.argv[1]?.endsWith('/cli/docs.js')) process.stdout.write(cliMarkdown());
