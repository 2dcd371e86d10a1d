/**
 * The layers of src/ (docs/architecture.md, "Layers"): each may import only the ones below it.
 * `npm run lint` runs this; a violation names the rule, the importing file and the import.
 */
const below = (name, allowed) => ({
  name: `${name}-imports-only-below`,
  comment: `${name} may import only: ${allowed.join(', ')}`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, '^src/version\\.ts$', ...allowed.map((a) => `^src/${a}`)] },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    below('model', []),
    below('util', ['model/']),
    below('exec', ['model/', 'util/']),
    below('stats', ['model/', 'util/']),
    below('tools', ['model/', 'util/', 'exec/']),
    {
      name: 'target-contract-imports-only-below',
      comment: 'the Target interface and provider contract (src/targets/*.ts) sit below the measurements',
      severity: 'error',
      from: { path: '^src/targets/[^/]+\\.ts$', pathNot: '^src/targets/registry\\.ts$' },
      to: { path: '^src/', pathNot: ['^src/targets/[^/]+\\.ts$', '^src/(model|util|exec)/'] },
    },
    below('measure', ['model/', 'util/', 'exec/', 'stats/', 'tools/', 'targets/[^/]+\\.ts$']),
    {
      name: 'targets-import-no-measurement-or-config',
      comment: 'a target implements the contract; it knows no measurement, config file, result or report',
      severity: 'error',
      from: { path: '^src/targets/(lab|kubernetes)/' },
      to: { path: '^src/(measure|config|results|engine|analysis|compare|report|cli|import)/' },
    },
    {
      name: 'targets-do-not-import-each-other',
      severity: 'error',
      from: { path: '^src/targets/(lab|kubernetes)/' },
      to: { path: '^src/targets/(lab|kubernetes)/', pathNot: '^src/targets/$1/' },
    },
    {
      name: 'only-targets-import-a-target',
      comment: 'outside src/targets/, use the registry and the Target interface, never a target folder',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/targets/' },
      to: { path: '^src/targets/(lab|kubernetes)/' },
    },
    below('config', ['model/', 'util/', 'measure/', 'targets/[^/]+\\.ts$']),
    below('results', ['model/', 'util/', 'stats/', 'measure/', 'targets/[^/]+\\.ts$', 'config/']),
    below('analysis', ['model/', 'util/', 'stats/', 'measure/', 'results/']),
    below('compare', ['model/', 'util/', 'stats/', 'measure/', 'results/', 'analysis/']),
    below('engine', [
      'model/',
      'util/',
      'exec/',
      'stats/',
      'measure/',
      'targets/[^/]+\\.ts$',
      'config/',
      'results/',
    ]),
    below('import', ['model/', 'util/', 'tools/', 'measure/', 'targets/[^/]+\\.ts$', 'results/']),
    below('report', ['model/', 'util/', 'stats/', 'measure/', 'results/', 'analysis/', 'compare/']),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    includeOnly: '^src/',
  },
};
