import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transferMeasurement, parseSize } from '../../../src/measure/transfer.js';
import { fixture } from '../../helpers/paths.js';
import { context, fakeTarget, isToolCheck, result, toolCheck, TIMING } from './fake-target.js';

const SIZE = 64 * 1024 * 1024;
const spec = {
  kind: 'transfer' as const,
  protocols: ['http', 'ftp', 'scp'] as ('http' | 'ftp' | 'scp')[],
  size: '64M',
};

function variant(protocol: string) {
  return transferMeasurement.plan(spec, TIMING).find((v) => v.parameters.protocol === protocol)!;
}

function responder(curlFixture: string) {
  return (_role: 'client' | 'server', argv: readonly string[]) => {
    if (isToolCheck(argv)) return toolCheck(argv);
    if (argv[0] === 'curl') return result(fixture('curl', curlFixture));
    if (argv[0] === 'ssh-keygen' && argv[1] === '-l')
      return result('256 SHA256:AY0ggEjhvIvXudtdSMq/G/uuJFGY3OpXw7ghfAAgUy4 root@host (ECDSA)\n');
    if (argv[0] === 'id') return result('root\n');
    if (argv[0] === 'cat') return result('ecdsa-sha2-nistp256 AAAA... root@host\n');
    return undefined;
  };
}

async function run(protocol: string, curlFixture: string) {
  const t = fakeTarget(responder(curlFixture));
  return { out: await variant(protocol).run(context(t)), t };
}

test('sizes: binary units as head -c counts them', () => {
  assert.equal(parseSize('64M'), SIZE);
  assert.equal(parseSize('1G'), 1024 ** 3);
  assert.throws(() => parseSize('1.5G'), /not a size/);
});

// Real downloads over a 500 Mbit/s shaped veth, once normally and once with the server's
// namespace dropping the first SYN of every connection (nft), so each connect waits for the
// 1 s SYN retransmission: connect time grows by a second, throughput from the first byte must not.
for (const protocol of ['http', 'ftp', 'scp']) {
  test(`${protocol}: a delayed connect leaves throughput unchanged and shows up in connect time`, async () => {
    const normal = await run(protocol, `transfer-${protocol}-500mbit.stdout`);
    const delayed = await run(protocol, `transfer-${protocol}-500mbit-syndrop.stdout`);
    assert.ok(normal.out.status === 'ok' && delayed.out.status === 'ok');
    const a = normal.out.metrics;
    const b = delayed.out.metrics;
    assert.ok(
      Math.abs(b.throughput_gbps! / a.throughput_gbps! - 1) < 0.05,
      `${a.throughput_gbps} vs ${b.throughput_gbps}`,
    );
    assert.ok(
      a.throughput_gbps! > 0.3 && a.throughput_gbps! < 0.55,
      `shaped to 500 Mbit/s: ${a.throughput_gbps}`,
    );
    assert.ok(b.connect_ms! - a.connect_ms! > 900, `connect ${a.connect_ms} -> ${b.connect_ms} ms`);
    assert.ok(b.first_byte_ms! - a.first_byte_ms! > 900);
    // what curl's own speed (seed 003's pitfall) would have said: much lower with the delay
    assert.match(delayed.out.notes!.join('\n'), /curl's own average/);
  });
}

test('http: nginx serves the generated file; curl fetches it with the timing format', async () => {
  const { out, t } = await run('http', 'transfer-http.stdout');
  assert.ok(out.status === 'ok');
  assert.ok(out.metrics.throughput_gbps! > 5);
  const gen = t.calls.find((c) => c.argv[0] === 'sh' && /urandom/.test(c.argv[2] ?? ''))!;
  assert.equal(gen.role, 'server');
  assert.equal(gen.argv[4], String(SIZE));
  const curl = t.calls.find((c) => c.argv[0] === 'curl')!;
  assert.match(curl.argv[curl.argv.length - 1]!, /^http:\/\/10\.0\.1\.2:5301\/data\.bin$/);
  assert.equal(t.servers[0]!.argv[0], 'nginx');
});

test('scp: sshd with a per-run host key pinned by fingerprint and a per-run client key', async () => {
  const { out, t } = await run('scp', 'transfer-scp.stdout');
  assert.ok(out.status === 'ok');
  assert.equal(t.servers[0]!.argv[0], '/usr/sbin/sshd');
  const curl = t.calls.find((c) => c.argv[0] === 'curl')!;
  assert.equal(
    curl.argv[curl.argv.indexOf('--hostpubsha256') + 1],
    'AY0ggEjhvIvXudtdSMq/G/uuJFGY3OpXw7ghfAAgUy4',
  );
  assert.match(
    curl.argv[curl.argv.length - 1]!,
    /^scp:\/\/10\.0\.1\.2:5301\/tmp\/cnibench-transfer-scp-.*\/files\/data\.bin$/,
  );
});

test('failures: refused, timeout, partial download, host key mismatch', async () => {
  const cases: [string, string, RegExp][] = [
    ['http', 'transfer-http-refused.stdout', /curl exit 7/],
    ['http', 'transfer-http-timeout.stdout', /curl exit 28.*timed out/],
    ['http', 'transfer-http-serverdied.stdout', /curl exit 18/],
    ['scp', 'transfer-scp-badhostkey.stdout', /mismatch sha256 fingerprint/],
  ];
  for (const [protocol, fx, msg] of cases) {
    const { out } = await run(protocol, fx);
    assert.ok(out.status === 'failed', fx);
    assert.equal(out.error.code, 'TOOL_FAILED');
    assert.match(out.error.message, msg, fx);
  }
});

test('a download shorter than the file is not a throughput', async () => {
  const { out } = await run('http', 'transfer-http.stdout');
  assert.ok(out.status === 'ok');
  const t = fakeTarget(responder('transfer-http.stdout'));
  const big = transferMeasurement
    .plan({ ...spec, size: '128M' }, TIMING)
    .find((v) => v.parameters.protocol === 'http')!;
  const short = await big.run(context(t));
  assert.ok(short.status === 'failed');
  assert.match(short.error.message, /ended after 67108864 of 134217728 bytes/);
});

test('vsftpd missing at the server end: TOOL_MISSING', async () => {
  const t = fakeTarget((role, argv) =>
    isToolCheck(argv) ? toolCheck(argv, role === 'server' ? ['vsftpd'] : []) : undefined,
  );
  const out = await variant('ftp').run(context(t));
  assert.ok(out.status === 'failed');
  assert.equal(out.error.code, 'TOOL_MISSING');
  assert.match(out.error.message, /vsftpd not found at the server end/);
});
