import type { ResultDocument } from '../results/schema.js';

/** Scenario names that occur in more than one of the documents' runs. */
export function sharedScenarios(docs: readonly ResultDocument[]): Set<string> {
  const runsOf = new Map<string, Set<string>>();
  for (const d of docs) {
    for (const name of [...d.scenarios.map((s) => s.name), ...d.results.map((r) => r.scenario)]) {
      runsOf.set(name, (runsOf.get(name) ?? new Set()).add(d.run.id));
    }
  }
  return new Set([...runsOf].filter(([, runs]) => runs.size > 1).map(([name]) => name));
}

/**
 * The documents with every scenario name that several runs share renamed "name (run ID)", so
 * that a table with one column per scenario keeps the runs apart instead of merging them.
 */
export function withRunLabels(docs: readonly ResultDocument[]): readonly ResultDocument[] {
  const shared = sharedScenarios(docs);
  if (shared.size === 0) return docs;
  return docs.map((d) => {
    const label = (name: string): string => (shared.has(name) ? `${name} (${d.run.id})` : name);
    return {
      ...d,
      scenarios: d.scenarios.map((s) => ({ ...s, name: label(s.name) })),
      results: d.results.map((r) => ({ ...r, scenario: label(r.scenario) })),
      failures: d.failures.map((f) => ({ ...f, scenario: label(f.scenario) })),
      skipped: d.skipped.map((s) => ({ ...s, scenario: label(s.scenario) })),
    };
  });
}
