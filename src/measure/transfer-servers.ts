import { CnibenchError } from '../model/errors.js';
import type { ServerHandle } from '../targets/target.js';
import type { MeasureContext } from './measurement.js';
import { setupStep, startNginx, writeFile } from './http-server.js';

/** A started file server and how the client fetches the file from it. */
export interface FileServer {
  handle: ServerHandle;
  argv: string[];
  url: string;
  /** Extra curl options (SCP: keys and the pinned host key). */
  curlArgs: string[];
  tools: { server: string[]; client: string[] };
}

export const TRANSFER_TOOLS: Record<'http' | 'ftp' | 'scp', { server: string[]; client: string[] }> = {
  http: { server: ['nginx', 'head'], client: ['curl'] },
  ftp: { server: ['vsftpd', 'head'], client: ['curl'] },
  scp: { server: ['/usr/sbin/sshd', 'ssh-keygen', 'head'], client: ['curl', 'ssh-keygen'] },
};

function host(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** nginx serving `files` (sendfile on). */
export async function startHttpFileServer(
  ctx: MeasureContext,
  dir: string,
  files: string,
): Promise<FileServer> {
  const s = await startNginx(ctx, dir, files);
  return {
    ...s,
    url: `http://${host(ctx.path.serverAddress)}:${ctx.port}/data.bin`,
    curlArgs: [],
    tools: TRANSFER_TOOLS.http,
  };
}

/**
 * The port after the repetition's own in the range servers may use (Kubernetes: the ports the
 * `service` placement's ClusterIP exposes), for FTP's passive data connection.
 */
export function dataPort(ctx: Pick<MeasureContext, 'port' | 'target'>): number {
  const range = ctx.target.ports;
  if (range === undefined) return ctx.port + 1;
  return range.first + ((ctx.port - range.first + 1) % range.count);
}

/**
 * vsftpd in the foreground serving `files` to anonymous users, read-only. The anonymous user
 * maps to `daemon` (present in every Debian image; vsftpd needs an account with an existing
 * home directory), so no account is created anywhere. Passive mode uses one data port,
 * {@link dataPort}; curl connects to it at the address it dialled (it ignores the address in
 * the PASV reply), so the data connection goes through a Service like the control one.
 */
export async function startFtpFileServer(
  ctx: MeasureContext,
  dir: string,
  files: string,
): Promise<FileServer> {
  await setupStep(
    ctx,
    ctx.path.server,
    ['mkdir', '-p', `${dir}/empty`],
    'creating the vsftpd chroot directory',
  );
  const data = dataPort(ctx);
  const conf = [
    'listen=YES',
    'listen_ipv6=NO',
    `listen_address=${ctx.path.server.address}`,
    `listen_port=${ctx.port}`,
    'background=NO',
    'anonymous_enable=YES',
    'no_anon_password=YES',
    `anon_root=${files}`,
    'local_enable=NO',
    'write_enable=NO',
    'ftp_username=daemon',
    'nopriv_user=nobody',
    `secure_chroot_dir=${dir}/empty`,
    'seccomp_sandbox=NO',
    'isolate_network=NO',
    'isolate=NO',
    'xferlog_enable=NO',
    'pasv_enable=YES',
    // one data port, pinned where the target lets servers listen: a Service exposes only its ports
    `pasv_min_port=${data}`,
    `pasv_max_port=${data}`,
    'use_sendfile=YES',
    '',
  ].join('\n');
  await writeFile(ctx, ctx.path.server, `${dir}/vsftpd.conf`, conf);
  const argv = ['vsftpd', `${dir}/vsftpd.conf`];
  // vsftpd prints nothing when it is ready; the target's settle time covers the bind.
  const handle = await ctx.target.startServer(ctx.path.server, argv, {
    readyTimeoutMs: 10_000,
    signal: ctx.signal,
  });
  return {
    handle,
    argv,
    url: `ftp://${host(ctx.path.serverAddress)}:${ctx.port}/data.bin`,
    curlArgs: [],
    tools: TRANSFER_TOOLS.ftp,
  };
}

/**
 * OpenSSH's sshd in the foreground with a host key and a client key generated for this
 * repetition; the client (curl's scp://, libssh2) pins the host key by its SHA-256 fingerprint.
 */
export async function startScpFileServer(
  ctx: MeasureContext,
  dir: string,
  clientDir: string,
  files: string,
): Promise<FileServer> {
  const { server, client } = ctx.path;
  const keygen = (path: string): string[] => [
    'ssh-keygen',
    '-q',
    '-t',
    'ecdsa',
    '-b',
    '256',
    '-m',
    'PEM',
    '-N',
    '',
    '-f',
    path,
  ];
  await setupStep(ctx, server, ['mkdir', '-p', dir, '/run/sshd'], 'creating the sshd directories');
  await setupStep(ctx, client, ['mkdir', '-p', clientDir], 'creating the client key directory');
  await setupStep(ctx, server, keygen(`${dir}/hostkey`), 'generating the SSH host key');
  await setupStep(ctx, client, keygen(`${clientDir}/id`), 'generating the SSH client key');
  const pub = await setupStep(ctx, client, ['cat', `${clientDir}/id.pub`], 'reading the client key');
  await writeFile(ctx, server, `${dir}/authorized_keys`, pub.stdout);
  const fp = await setupStep(
    ctx,
    server,
    ['ssh-keygen', '-l', '-E', 'sha256', '-f', `${dir}/hostkey.pub`],
    'fingerprinting the host key',
  );
  const fingerprint = /SHA256:(\S+)/.exec(fp.stdout)?.[1];
  if (fingerprint === undefined)
    throw new CnibenchError('SERVER_START_FAILED', `no SHA256 fingerprint in: ${fp.stdout.trim()}`);
  const user = (await setupStep(ctx, server, ['id', '-un'], 'finding the server user')).stdout.trim();
  const conf = [
    `ListenAddress ${host(server.address)}:${ctx.port}`,
    `HostKey ${dir}/hostkey`,
    `PidFile ${dir}/sshd.pid`,
    `AuthorizedKeysFile ${dir}/authorized_keys`,
    'StrictModes no',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
  await writeFile(ctx, server, `${dir}/sshd_config`, conf);
  const argv = ['/usr/sbin/sshd', '-D', '-e', '-f', `${dir}/sshd_config`];
  const handle = await ctx.target.startServer(server, argv, {
    readyPattern: /Server listening on/,
    readyTimeoutMs: 10_000,
    signal: ctx.signal,
  });
  return {
    handle,
    argv,
    url: `scp://${host(ctx.path.serverAddress)}:${ctx.port}${files}/data.bin`,
    curlArgs: [
      '--key',
      `${clientDir}/id`,
      '--pubkey',
      `${clientDir}/id.pub`,
      '--hostpubsha256',
      fingerprint,
      '-u',
      `${user}:`,
    ],
    tools: TRANSFER_TOOLS.scp,
  };
}
