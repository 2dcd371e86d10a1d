import { CnibenchError } from '../../model/errors.js';
import { didYouMean } from '../../util/did-you-mean.js';
import { own } from '../../util/own.js';
import type { CommandSpec, Io, ParsedArgs } from '../args.js';
import { bashCompletion } from '../completion/bash.js';
import { fishCompletion } from '../completion/fish.js';
import { completionModel, type CompletionCommand } from '../completion/model.js';
import { zshCompletion } from '../completion/zsh.js';

const SHELLS: Record<string, (commands: readonly CompletionCommand[]) => string> = {
  bash: bashCompletion,
  zsh: zshCompletion,
  fish: fishCompletion,
};

/** `cnibench completion SHELL`: a script generated from the command table (passed in, it holds this command too). */
export function completionSpec(commands: () => readonly CommandSpec[]): CommandSpec {
  return {
    name: 'completion',
    summary: 'Print a shell completion script for bash, zsh or fish.',
    usage: 'cnibench completion bash|zsh|fish',
    options: [],
    positionals: () => Object.keys(SHELLS),
    details: [
      'Load it:',
      '  bash: source <(cnibench completion bash)   # or save it in /etc/bash_completion.d/cnibench',
      '  zsh:  source <(cnibench completion zsh)    # or save it as _cnibench in a directory of $fpath',
      '  fish: cnibench completion fish > ~/.config/fish/completions/cnibench.fish',
      'The scripts complete `kubectl-cnibench` too.',
    ].join('\n'),
    run: (args: ParsedArgs, io: Io) => {
      const [shell, ...extra] = args.positionals;
      const generate = shell === undefined ? undefined : own(SHELLS, shell);
      if (shell === undefined || generate === undefined || extra.length > 0) {
        const close = shell === undefined ? undefined : didYouMean(shell, Object.keys(SHELLS));
        throw new CnibenchError(
          'USAGE',
          shell === undefined
            ? 'cnibench completion: which shell?'
            : `cnibench completion: unknown shell "${args.positionals.join(' ')}"`,
          {
            hint: `${close === undefined ? '' : `did you mean ${close}? `}cnibench completion bash|zsh|fish`,
          },
        );
      }
      io.stdout.write(generate(completionModel(commands())));
      return Promise.resolve(0);
    },
  };
}
