import { join } from 'node:path';
import { z } from 'zod';
import { CnibenchError } from '../../model/errors.js';
import { describeExit, tail, type Runner } from '../../exec/runner.js';
import { inNetns } from './ip.js';

/** A CNI network configuration list (the `.conflist` format of the CNI specification). */
export interface ConfList {
  cniVersion: string;
  name: string;
  plugins: ({ type: string } & Record<string, unknown>)[];
}

const CniResult = z
  .object({
    cniVersion: z.string(),
    interfaces: z
      .array(z.object({ name: z.string(), mac: z.string().optional(), sandbox: z.string().optional() }))
      .optional(),
    ips: z
      .array(
        z.object({ address: z.string(), gateway: z.string().optional(), interface: z.number().optional() }),
      )
      .optional(),
  })
  .passthrough();
export type CniResult = z.infer<typeof CniResult>;

const CniError = z.object({ code: z.number(), msg: z.string(), details: z.string().optional() });

export interface Attachment {
  containerId: string;
  /** Path of the pod's network namespace, e.g. /var/run/netns/cnb-x-pod-a. */
  netnsPath: string;
  ifName: string;
}

export interface CniHost {
  run: Runner;
  pluginDir: string;
  /** The node namespace the plugins run in (the "host" side of the attachment). */
  nodeNetns: string;
}

const PLUGIN_TIMEOUT_MS = 30_000;

/**
 * Runs one plugin as a container runtime does: CNI_* environment, network config on stdin,
 * result or error JSON on stdout.
 */
async function invoke(
  host: CniHost,
  command: 'ADD' | 'DEL' | 'CHECK',
  conf: Record<string, unknown>,
  att: Attachment,
): Promise<string> {
  const type = String(conf.type);
  const binary = join(host.pluginDir, type);
  const env = {
    CNI_COMMAND: command,
    CNI_CONTAINERID: att.containerId,
    CNI_NETNS: att.netnsPath,
    CNI_IFNAME: att.ifName,
    CNI_PATH: host.pluginDir,
  };
  const r = await host.run(inNetns(host.nodeNetns, [binary]), {
    timeoutMs: PLUGIN_TIMEOUT_MS,
    env,
    input: JSON.stringify(conf),
  });
  if (r.exitCode === 0 && !r.timedOut) return r.stdout;
  let msg = tail(r.stderr || r.stdout, 4);
  try {
    const e = CniError.parse(JSON.parse(r.stdout));
    msg = `CNI error ${e.code}: ${e.msg}${e.details ? ` (${e.details})` : ''}`;
  } catch {
    // not a CNI error document: keep the raw text
  }
  throw new CnibenchError(
    'CNI_FAILED',
    `CNI ${command} with plugin "${type}" for ${att.containerId} failed (${describeExit(r)}): ${msg}`,
    {
      hint: `check that ${binary} exists and is a CNI plugin (Debian: apt-get install containernetworking-plugins), or set lab.pluginDir`,
    },
  );
}

function pluginConf(list: ConfList, i: number, prevResult: unknown): Record<string, unknown> {
  const conf: Record<string, unknown> = { ...list.plugins[i], cniVersion: list.cniVersion, name: list.name };
  if (prevResult !== undefined) conf.prevResult = prevResult;
  return conf;
}

/** CNI ADD of a whole plugin chain; each plugin gets the previous one's result as prevResult. */
export async function cniAdd(host: CniHost, list: ConfList, att: Attachment): Promise<CniResult> {
  let prev: unknown;
  for (let i = 0; i < list.plugins.length; i++) {
    const out = await invoke(host, 'ADD', pluginConf(list, i, prev), att);
    try {
      prev = JSON.parse(out);
    } catch {
      throw new CnibenchError(
        'CNI_FAILED',
        `CNI plugin "${list.plugins[i]!.type}" returned no JSON result: ${out.slice(0, 200)}`,
      );
    }
  }
  const parsed = CniResult.safeParse(prev);
  if (!parsed.success) {
    throw new CnibenchError(
      'CNI_FAILED',
      `CNI result of "${list.name}" is malformed: ${parsed.error.issues[0]?.message ?? ''}`,
    );
  }
  return parsed.data;
}

/** CNI DEL of a chain, in reverse order, each plugin given the final ADD result. Errors are collected, not thrown. */
export async function cniDel(
  host: CniHost,
  list: ConfList,
  att: Attachment,
  result: unknown,
): Promise<string[]> {
  const errors: string[] = [];
  for (let i = list.plugins.length - 1; i >= 0; i--) {
    try {
      await invoke(host, 'DEL', pluginConf(list, i, result), att);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return errors;
}
