import { defineProvider } from '../define-provider.js';
import { LabScenario, LabSettings } from './schema.js';
import { PROFILES } from './profiles/index.js';

/** The lab target (SPEC 7): network namespaces, real CNI plugins, the real kernel datapath. */
export const labProvider = defineProvider({
  kind: 'lab',
  summary: 'a local multi-node network of namespaces, real CNI plugins and the real kernel datapath',
  scenario: LabScenario,
  settings: LabSettings,
  flags: [
    {
      name: 'plugin-dir',
      type: 'string',
      value: 'DIR',
      description: 'lab: directory of CNI plugin binaries (default /usr/lib/cni)',
      to: { settings: 'pluginDir' },
      commands: ['run', 'doctor'],
    },
  ],
  // Each supported profile is a ready-made scenario of the same name (SPEC 7).
  defaultScenarios: () =>
    PROFILES.map((p) => ({ name: p.name, target: 'lab' as const, profile: p.name, mtu: 1500 })),
  async unsupportedScenarios(_settings, scenarios, ctx) {
    const { labSupport } = await import('./support.js');
    return labSupport(ctx.runner, scenarios);
  },
  async create(settings, ctx) {
    const { LabTarget } = await import('./lab-target.js');
    return new LabTarget({
      runId: ctx.runId,
      pluginDir: settings.pluginDir,
      ...(settings.stateDir !== undefined ? { stateDir: settings.stateDir } : {}),
      run: ctx.runner,
      log: ctx.log,
    });
  },
  async doctor(settings, ctx) {
    const { labChecks } = await import('./preflight.js');
    const { checks } = await labChecks(ctx.runner, settings.pluginDir);
    return {
      checks,
      essential: [
        'root',
        'linux',
        'tool ip',
        'tool iperf3',
        'CNI plugin bridge',
        'CNI plugin host-local',
        'kernel veth',
        'kernel bridge',
      ],
    };
  },
  async cleanup(settings, ctx) {
    const { cleanupLab } = await import('./cleanup.js');
    return cleanupLab({
      run: ctx.runner,
      ...(settings.stateDir !== undefined ? { stateDir: settings.stateDir } : {}),
      force: ctx.force,
    });
  },
  async scenarioSupport(_settings, ctx) {
    const { labProfileSupport } = await import('./support.js');
    return labProfileSupport(ctx.runner);
  },
});
