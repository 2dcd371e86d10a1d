import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import {
  IMAGE_FLAGS,
  K8S_ENV as env,
  K8S_SKIP as skip,
  leftoversAfterRun,
  resultDir,
  resultOf,
} from '../helpers/testcluster.js';

// Against the real test cluster, whose CNI (the `bridge` plugin) does not enforce NetworkPolicy.

test(
  'policy on the test cluster: the enforcement probe says the bridge CNI does not enforce policies; lab modes are skipped with the fix',
  { skip, timeout: 240_000 },
  async () => {
    const dir = await resultDir();
    const file = join(dir, 'policy.yaml');
    await writeFile(
      file,
      'version: 1\nsuites:\n  pol:\n    repeat: 1\n    duration: 1\n    warmup: 0\n    measurements:\n' +
        '      - {kind: policy, counts: [0, 100], modes: [cni, iptables], tests: [crr], placements: [same-node, cross-node]}\n',
    );
    const r = await runCli(['run', ...IMAGE_FLAGS, '--config', file, '--suite', 'pol', '--out-dir', dir], {
      env,
      timeoutMs: 220_000,
    });
    assert.equal(r.code, 0, r.stderr);
    const doc = await resultOf(dir);
    const policy = doc.results.filter((x) => x.measurement === 'policy');
    assert.deepEqual(
      policy.flatMap((x) => x.repetitions),
      [],
      'nothing measured: no policy cost is reported as free',
    );
    const skips = doc.skipped.filter((s) => s.measurement === 'policy');
    assert.equal(skips.length, 8, JSON.stringify(skips));
    for (const placement of ['same-node', 'cross-node']) {
      const cni = skips.filter((s) => s.placement === placement && /mode=cni/.test(s.variant ?? ''));
      assert.equal(cni.length, 2);
      for (const s of cni)
        assert.match(
          s.reason,
          /^policies not enforced: a deny-all NetworkPolicy on pod srv-a left pod cli-[ab] connecting to it for 15 s/,
        );
      const lab = skips.filter((s) => s.placement === placement && /mode=iptables/.test(s.variant ?? ''));
      assert.equal(lab.length, 2);
      for (const s of lab) assert.match(s.reason, /give the policy measurement modes: \[cni\]/);
    }
    assert.match(r.stdout + r.stderr, /skipped \(policies not enforced/);
    assert.deepEqual(await leftoversAfterRun(), []);
  },
);
