import { parseConfig, readConfigData } from '../config/load.js';
import { targetSettings } from '../config/scenarios.js';
import { runCommand } from '../exec/runner.js';
import type { ProviderContext, TargetCommand } from '../targets/provider.js';
import { DEFAULT_TARGET, providerFor, type Provider } from '../targets/registry.js';
import { str, type Io, type ParsedArgs } from './args.js';
import { applyTargetFlags } from './target-flags.js';

/** The target a command works on, its settings (config file and flags), and a context for its operations. */
export async function targetContext(
  args: ParsedArgs,
  command: TargetCommand,
  io: Io,
): Promise<{ provider: Provider; settings: unknown; ctx: ProviderContext }> {
  const file = str(args, 'config');
  const raw = file === undefined ? {} : await readConfigData(file);
  const isObject = typeof raw === 'object' && raw !== null && !Array.isArray(raw);
  const data: Record<string, unknown> = isObject ? { ...raw } : {};
  const kind = str(args, 'target') ?? (typeof data.target === 'string' ? data.target : DEFAULT_TARGET);
  const provider = providerFor(kind);
  const applied = applyTargetFlags(args, command, provider.kind, data);
  const config = parseConfig(
    isObject || file === undefined ? data : raw,
    file ?? '(defaults)',
    applied.paths,
  );
  return {
    provider,
    settings: targetSettings(config, provider.kind),
    ctx: {
      runId: 'cli',
      runner: runCommand,
      log: (m) => io.stderr.write(`${m}\n`),
      signal: new AbortController().signal,
    },
  };
}
