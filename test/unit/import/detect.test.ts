import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectFormat } from '../../../src/import/detect.js';
import { importFixture } from './helpers.js';

test('each fixture is detected as its format', () => {
  const cases: [string[], string][] = [
    [['rke2-article', 'canal-cross-node-1stream.txt'], 'iperf3-text'],
    [['rke2-article', 'cilium-udp.txt'], 'iperf3-text'],
    [['tcp-4streams.txt'], 'iperf3-text'],
    [['error-unable-to-connect.txt'], 'iperf3-text'],
    [['iperf3-json', 'tcp-1stream.json'], 'iperf3-json'],
    [['iperf3-json', 'error-unable-to-connect.json'], 'iperf3-json'],
    [['k8s-netperf', 'docs-example.csv'], 'k8s-netperf'],
    [['k8s-netperf', 'loss-rt-result-1768505168.csv'], 'k8s-netperf'],
    [['knb', 'knb-text.txt'], 'knb'],
    [['knb', 'knb.json'], 'knb'],
    [['knb', 'knb.yaml'], 'knb'],
  ];
  for (const [file, format] of cases)
    assert.equal(detectFormat(importFixture(...file)), format, file.join('/'));
});

test('damaged JSON is still recognised by what it looks like; anything else is undefined', () => {
  const cut = importFixture('iperf3-json', 'tcp-1stream.json').slice(0, 2000);
  assert.equal(detectFormat(cut), 'iperf3-json');
  assert.equal(detectFormat(importFixture('knb', 'knb.json').slice(0, 400)), 'knb');
  assert.equal(detectFormat('hello world\n'), undefined);
  assert.equal(detectFormat('{"a": 1}'), undefined);
  assert.equal(detectFormat(''), undefined);
});
