import { CnibenchError } from '../../model/errors.js';
import type { Runner } from '../../exec/runner.js';
import type { ScenarioSupport } from '../provider.js';
import { detectFeatures } from './features.js';
import { profileSupport } from './preflight.js';
import type { LabScenario } from './schema.js';

/** Which lab profiles this kernel supports; kernel features are detected once per runner. */
export async function labProfileSupport(run: Runner): Promise<ScenarioSupport[]> {
  if (process.getuid?.() !== 0) {
    throw new CnibenchError(
      'NOT_ROOT',
      'detecting kernel features needs root (it creates a scratch network namespace)',
      {
        hint: 'run it with sudo',
      },
    );
  }
  return profileSupport(await detectFeatures(run));
}

/** The scenarios whose profile this kernel cannot run, with the reason; none without root (the run says why). */
export async function labSupport(
  run: Runner,
  scenarios: readonly LabScenario[],
): Promise<{ name: string; reason: string }[]> {
  if (process.getuid?.() !== 0) return [];
  const support = await labProfileSupport(run);
  const out: { name: string; reason: string }[] = [];
  for (const s of scenarios) {
    const p = support.find((x) => x.name === s.profile);
    if (p !== undefined && !p.supported) out.push({ name: s.name, reason: p.reason });
  }
  return out;
}
