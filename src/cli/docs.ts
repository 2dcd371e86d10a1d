import { helpText } from './args.js';
import { COMMANDS } from './main.js';

/** docs/cli.md, generated from the command table; a test fails when the file is stale. */
export function cliMarkdown(): string {
  const parts = [
    '# Command line reference',
    '',
    'Generated from the code by `npm run docs:cli`; do not edit by hand.',
    '',
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
