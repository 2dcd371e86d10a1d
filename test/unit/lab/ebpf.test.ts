import { test } from 'node:test';
import assert from 'node:assert/strict';
import { programSource } from '../../../src/targets/lab/ebpf.js';

test('the node program delivers local pods by redirect_peer and remote ranges by redirect_neigh', () => {
  const src = programSource(
    [{ ip: '10.124.1.2', hostIfindex: 7, podMac: '02:00:00:00:00:0a', hostMac: '02:00:00:00:00:0b' }],
    ['10.124.2.0/24'],
    3,
  );
  assert.match(
    src,
    /if \(dst == 0x0a7c0102\) \{ const __u8 d\[6\] = \{0x02, 0x00, 0x00, 0x00, 0x00, 0x0a\}, s\[6\] = \{0x02, 0x00, 0x00, 0x00, 0x00, 0x0b\}; return deliver\(skb, d, s, 7\); \}/,
  );
  assert.match(src, /if \(\(dst & 0xffffff00\) == 0x0a7c0200\) return bpf_redirect_neigh\(3, 0, 0, 0\);/);
  assert.match(src, /__u32 dst = bpf_ntohl\(ip->daddr\);/);
  assert.match(src, /char _license\[\] SEC\("license"\) = "GPL";/);
});
