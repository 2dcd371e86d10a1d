import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import type { CommandResult, Runner } from '../../../src/exec/runner.js';
import {
  allowedBatch,
  attachArgv,
  ebpfPolicySource,
  installEbpfPolicies,
  parseProgId,
  pickMapId,
} from '../../../src/targets/lab/policy-ebpf.js';
import { installPolicies } from '../../../src/targets/lab/policies.js';
import { probeEbpfPolicy } from '../../../src/targets/lab/policy-ebpf-probe.js';
import { result } from '../measure/fake-target.js';

const set = { count: 3, client: '10.124.2.2', port: 8080 };

const ok = (stdout = ''): CommandResult => result(stdout);

const TC_SHOW =
  'filter protocol all pref 1 bpf chain 0 \nfilter protocol all pref 1 bpf chain 0 handle 0x1 policy.o:[tc] direct-action not_in_hw id 934 name cnb_policy tag 931fe7eee2bf4090 jited \n';

/** A runner that answers tc and bpftool as the kernel does, recording each argv and the batch file's text. */
function fakeRunner(fail?: (argv: readonly string[]) => CommandResult | undefined): {
  run: Runner;
  calls: string[][];
  batches: string[];
} {
  const calls: string[][] = [];
  const batches: string[] = [];
  const run: Runner = (argv) => {
    calls.push([...argv]);
    const failed = fail?.(argv);
    if (failed) return Promise.resolve(failed);
    const line = argv.join(' ');
    if (line.includes('filter show')) return Promise.resolve(ok(TC_SHOW));
    if (line === 'bpftool -j prog show id 934') return Promise.resolve(ok('{"id":934,"map_ids":[7,8]}'));
    if (line === 'bpftool -j map show id 7') return Promise.resolve(ok('{"id":7,"name":"policy.bss"}'));
    if (line === 'bpftool -j map show id 8') return Promise.resolve(ok('{"id":8,"name":"cnb_allowed"}'));
    if (argv[0] === 'bpftool' && argv[1] === 'batch' && argv[3] !== '/dev/null')
      batches.push(readFileSync(argv[3]!, 'utf8'));
    return Promise.resolve(ok());
  };
  return { run, calls, batches };
}

test('the program passes all but a new connection to the covered port, which needs its source in the map', () => {
  const src = ebpfPolicySource(set);
  assert.match(src, /__uint\(type, BPF_MAP_TYPE_HASH\);\n\s+__uint\(max_entries, 3\);/);
  assert.match(src, /__type\(key, __u32\);/);
  assert.match(src, /\} cnb_allowed SEC\("\.maps"\);/);
  assert.match(src, /ip->protocol != IPPROTO_TCP\) return TC_ACT_OK;/);
  assert.match(src, /if \(tcp->dest != bpf_htons\(8080\)\) return TC_ACT_OK;/);
  assert.match(src, /if \(!tcp->syn \|\| tcp->ack\) return TC_ACT_OK;/);
  assert.match(
    src,
    /if \(bpf_map_lookup_elem\(&cnb_allowed, &src\)\) return TC_ACT_OK;\n\s+return TC_ACT_SHOT;/,
  );
  // the port check comes before the SYN check, and the lookup after both
  assert.ok(src.indexOf('tcp->dest') < src.indexOf('tcp->syn'));
  assert.ok(src.indexOf('tcp->syn') < src.indexOf('bpf_map_lookup_elem'));
  const every = ebpfPolicySource({ count: 0, client: '10.124.2.2' });
  assert.doesNotMatch(every, /tcp->dest/, 'a scenario-wide policy covers every TCP port');
  assert.match(every, /max_entries, 1\)/, 'a map has at least one entry');
});

test('the batch file puts every allowed peer into the map by id, key bytes in address order, the client last', () => {
  const lines = allowedBatch(8, set).trimEnd().split('\n');
  assert.deepEqual(lines, [
    'map update id 8 key 10 128 0 0 value 1',
    'map update id 8 key 10 128 0 1 value 1',
    'map update id 8 key 10 124 2 2 value 1',
  ]);
  assert.equal(
    allowedBatch(8, { ...set, count: 1000 })
      .trimEnd()
      .split('\n').length,
    1000,
  );
});

test('tc and bpftool outputs: program id, then the map by name', () => {
  assert.equal(parseProgId(TC_SHOW), 934);
  assert.equal(parseProgId('filter protocol all pref 1 bpf chain 0 \n'), undefined);
  assert.equal(
    pickMapId([
      { id: 7, name: 'policy.bss' },
      { id: 8, name: 'cnb_allowed' },
    ]),
    8,
  );
  assert.equal(pickMapId([{ id: 7 }]), undefined);
  assert.deepEqual(attachArgv('cnb-x-pod', '/tmp/p.o'), [
    'tc',
    '-n',
    'cnb-x-pod',
    'filter',
    'replace',
    'dev',
    'eth0',
    'ingress',
    'pref',
    '1',
    'handle',
    '1',
    'bpf',
    'da',
    'obj',
    '/tmp/p.o',
    'sec',
    'tc',
  ]);
});

test('install: compile, clsact and the program on the pod eth0 ingress, one batch; removal deletes the clsact', async () => {
  const f = fakeRunner();
  const p = await installPolicies(f.run, 'cnb-r-pod-c', 'ebpf', set);
  assert.equal(p.mode, 'ebpf');
  assert.equal(p.rules, 4, 'the program and one map entry per policy');
  const lines = f.calls.map((c) => c.join(' '));
  assert.equal(f.calls[0]![0], 'clang');
  assert.ok(f.calls[0]!.includes('bpf'));
  assert.equal(lines[1], 'tc -n cnb-r-pod-c qdisc replace dev eth0 clsact');
  assert.match(
    lines[2]!,
    /^tc -n cnb-r-pod-c filter replace dev eth0 ingress pref 1 handle 1 bpf da obj \S+policy\.o sec tc$/,
  );
  assert.ok(lines.includes('bpftool -j prog show id 934'));
  assert.match(lines.at(-1)!, /^bpftool batch file \S+allowed\.batch$/);
  assert.equal(f.batches.length, 1);
  assert.match(f.batches[0]!, /^map update id 8 key 10 128 0 0 value 1\n/);
  assert.ok(
    f.calls.every((c) => c[0] !== 'bpftool' || !c.includes('pin')),
    'nothing pinned',
  );
  const batchFile = f.calls.at(-1)!.at(-1)!;
  await p.remove();
  assert.equal(f.calls.at(-1)!.join(' '), 'tc -n cnb-r-pod-c qdisc del dev eth0 clsact');
  assert.equal(existsSync(batchFile), false, 'the temp dir goes with the removal');
});

test('install: with 0 policies nothing is loaded; a failed batch detaches the program again', async () => {
  const none = fakeRunner();
  const p = await installPolicies(none.run, 'cnb-r-pod-c', 'ebpf', { ...set, count: 0 });
  assert.equal(p.rules, 0);
  assert.equal(none.calls.length, 0);
  const f = fakeRunner((argv) =>
    argv[1] === 'batch' ? { ...ok(), exitCode: 255, stderr: 'Error: update failed' } : undefined,
  );
  await assert.rejects(installEbpfPolicies(f.run, 'cnb-r-pod-c', set), /3 map entries in cnb-r-pod-c failed/);
  assert.equal(f.calls.at(-1)!.join(' '), 'tc -n cnb-r-pod-c qdisc del dev eth0 clsact');
});

test('probe: a missing bpftool or a failed compile is a reason to skip, with the fix', async () => {
  const missing: Runner = (argv) =>
    argv[0] === 'bpftool' ? Promise.reject(new Error('spawn bpftool ENOENT')) : Promise.resolve(ok());
  const r = await probeEbpfPolicy(missing, 'cnb-r-pod-c', '10.124.1.2');
  assert.ok(r !== true);
  assert.match(r.reason, /bpftool is not installed \(spawn bpftool ENOENT\); fix: apt-get install .*bpftool/);
  const noClang = fakeRunner((argv) =>
    argv[0] === 'clang'
      ? { ...ok(), exitCode: 1, stderr: "fatal error: 'bpf/bpf_helpers.h' file not found" }
      : undefined,
  );
  const c = await probeEbpfPolicy(noClang.run, 'cnb-r-pod-c', '10.124.1.2');
  assert.ok(c !== true);
  assert.match(c.reason, /needs clang with libbpf headers.*compiling the eBPF policy program failed/);
  const good = fakeRunner();
  assert.equal(await probeEbpfPolicy(good.run, 'cnb-r-pod-c', '10.124.1.2'), true);
  assert.equal(
    good.calls.at(-1)!.join(' '),
    'tc -n cnb-r-pod-c qdisc del dev eth0 clsact',
    'the probe leaves nothing',
  );
});
