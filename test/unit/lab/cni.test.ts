import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Runner, RunOptions } from '../../../src/exec/runner.js';
import { cniAdd, cniDel, type ConfList } from '../../../src/targets/lab/cni.js';
import { CnibenchError } from '../../../src/model/errors.js';

const list: ConfList = {
  cniVersion: '1.0.0',
  name: 'net',
  plugins: [{ type: 'bridge', bridge: 'cni0' }, { type: 'tuning' }],
};
const att = { containerId: 'c1', netnsPath: '/var/run/netns/cnb-x-pod-a', ifName: 'eth0' };
const result = {
  cniVersion: '1.0.0',
  interfaces: [{ name: 'eth0', sandbox: att.netnsPath }],
  ips: [{ address: '10.124.1.2/24', gateway: '10.124.1.1', interface: 0 }],
};

test('ADD runs each plugin in the node namespace as a runtime does, chaining prevResult', async () => {
  const seen: { argv: readonly string[]; opts: RunOptions }[] = [];
  const run: Runner = async (argv, opts) => {
    seen.push({ argv, opts });
    return {
      exitCode: 0,
      signal: null,
      stdout: JSON.stringify(result),
      stderr: '',
      durationMs: 1,
      timedOut: false,
    };
  };
  const r = await cniAdd({ run, pluginDir: '/opt/cni', nodeNetns: 'cnb-x-node1' }, list, att);
  assert.equal(r.ips?.[0]?.address, '10.124.1.2/24');
  assert.deepEqual(seen[0]!.argv, ['ip', 'netns', 'exec', 'cnb-x-node1', '/opt/cni/bridge']);
  assert.deepEqual(seen[0]!.opts.env, {
    CNI_COMMAND: 'ADD',
    CNI_CONTAINERID: 'c1',
    CNI_NETNS: att.netnsPath,
    CNI_IFNAME: 'eth0',
    CNI_PATH: '/opt/cni',
  });
  const first = JSON.parse(seen[0]!.opts.input!) as Record<string, unknown>;
  assert.equal(first.name, 'net');
  assert.equal(first.cniVersion, '1.0.0');
  assert.equal(first.prevResult, undefined);
  const second = JSON.parse(seen[1]!.opts.input!) as Record<string, unknown>;
  assert.equal(second.type, 'tuning');
  assert.deepEqual(second.prevResult, result);
  assert.ok(seen.every((s) => s.opts.timeoutMs > 0));
});

test('DEL runs the chain in reverse with the ADD result and collects errors', async () => {
  const order: string[] = [];
  const run: Runner = async (argv, opts) => {
    order.push(`${opts.env!.CNI_COMMAND} ${argv[argv.length - 1]}`);
    const fail = argv[argv.length - 1]!.endsWith('tuning');
    return {
      exitCode: fail ? 1 : 0,
      signal: null,
      stdout: fail ? '{"code":7,"msg":"gone"}' : '',
      stderr: '',
      durationMs: 1,
      timedOut: false,
    };
  };
  const errors = await cniDel({ run, pluginDir: '/opt/cni', nodeNetns: 'n' }, list, att, result);
  assert.deepEqual(order, ['DEL /opt/cni/tuning', 'DEL /opt/cni/bridge']);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /CNI error 7: gone/);
});

test('a CNI error document becomes a CNI_FAILED error with the plugin message and a fix', async () => {
  const run: Runner = async () => ({
    exitCode: 1,
    signal: null,
    stdout:
      '{"cniVersion":"1.0.0","code":11,"msg":"failed to allocate for range 0","details":"no IP addresses available"}',
    stderr: '',
    durationMs: 1,
    timedOut: false,
  });
  await assert.rejects(cniAdd({ run, pluginDir: '/opt/cni', nodeNetns: 'n' }, list, att), (e: unknown) => {
    assert.ok(e instanceof CnibenchError);
    assert.equal(e.code, 'CNI_FAILED');
    assert.match(
      e.message,
      /plugin "bridge".*CNI error 11: failed to allocate for range 0 \(no IP addresses available\)/,
    );
    assert.match(e.hint ?? '', /containernetworking-plugins/);
    return true;
  });
});
