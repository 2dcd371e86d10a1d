import type { CommandResult } from '../exec/runner.js';

/** Where each program comes from: the Debian package, for the lab host and the tools image. */
export const TOOL_PACKAGES: Record<string, string> = {
  sockperf: 'sockperf',
  curl: 'curl',
  nginx: 'nginx-light',
  h2load: 'nghttp2-client',
  dnsperf: 'dnsperf',
  dig: 'bind9-dnsutils',
  vsftpd: 'vsftpd',
  '/usr/sbin/sshd': 'openssh-server',
  'ssh-keygen': 'openssh-client',
  dnsmasq: 'dnsmasq-base',
  ping: 'iputils-ping',
  date: 'coreutils',
  head: 'coreutils',
};

/** argv of a shell check that prints the name of every program of `tools` that is missing. */
export function toolCheckArgv(tools: readonly string[]): string[] {
  return [
    'sh',
    '-c',
    'for t in "$@"; do command -v "$t" >/dev/null 2>&1 || echo "missing: $t"; done',
    'sh',
    ...tools,
  ];
}

/** The programs a {@link toolCheckArgv} run found missing; a shell that could not run counts as all missing. */
export function missingTools(tools: readonly string[], r: CommandResult): string[] {
  if (r.exitCode !== 0 || r.timedOut) return [...tools];
  return r.stdout
    .split('\n')
    .map((l) => /^missing: (.+)$/.exec(l.trim())?.[1])
    .filter((t): t is string => t !== undefined);
}

/** The fix for missing programs at one end of a path. */
export function missingToolHint(tools: readonly string[]): string {
  const pkgs = [...new Set(tools.map((t) => TOOL_PACKAGES[t] ?? t))].join(' ');
  return (
    `lab: install on this machine with \`apt-get install -y ${pkgs}\`; Kubernetes: use the cnibench tools ` +
    'image built from images/tools/Dockerfile (it ships them), or an image of your own with these packages'
  );
}
