/** The one tc filter slot cnibench's programs take on an interface's ingress (`replace` overwrites it). */
export const BPF_FILTER = ['pref', '1', 'handle', '1', 'bpf'] as const;

/** The argv that attaches (or replaces) an object's `tc` section, direct-action, on `dev`'s clsact ingress. */
export function tcIngressArgv(netns: string, dev: string, obj: string): string[] {
  return [
    'tc',
    '-n',
    netns,
    'filter',
    'replace',
    'dev',
    dev,
    'ingress',
    ...BPF_FILTER,
    'da',
    'obj',
    obj,
    'sec',
    'tc',
  ];
}
