import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The test cluster's cache dir (../shared/testcluster): its image archives and node sockets. */
const DIR = process.env['CNIBENCH_TESTCLUSTER_DIR'] ?? '/var/cache/cnibench-testcluster';

interface ArchiveManifest {
  Config: string;
  RepoTags: string[];
  Layers: string[];
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * Loads into every node of the running test cluster an image that is the tools image minus
 * some programs (a layer of whiteout files over it), as `kind load docker-image` would: how a
 * test gets a real image that lacks, say, dnsperf. Returns its name. Needs root and `ctr`.
 */
export function loadToolsImageWithout(programs: readonly string[], name: string): string {
  const work = mkdtempSync(join(tmpdir(), 'cnibench-image-'));
  try {
    execFileSync('tar', ['-xf', join(DIR, 'images', 'tools.tar'), '-C', work]);
    const manifest = (JSON.parse(readFileSync(join(work, 'manifest.json'), 'utf8')) as ArchiveManifest[])[0]!;
    // the layer: an empty `.wh.<name>` file next to each program hides it
    const root = join(work, 'wh-root');
    for (const p of programs) {
      mkdirSync(join(root, 'usr', 'bin'), { recursive: true });
      writeFileSync(join(root, 'usr', 'bin', `.wh.${p}`), '');
    }
    const layerTar = join(work, 'wh.tar');
    execFileSync('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', root, '-cf', layerTar, 'usr']);
    const layer = readFileSync(layerTar);
    const lsha = sha256(layer);
    mkdirSync(join(work, lsha));
    writeFileSync(join(work, lsha, 'layer.tar'), layer);
    const config = JSON.parse(readFileSync(join(work, manifest.Config), 'utf8')) as {
      rootfs: { diff_ids: string[] };
      history?: object[];
    };
    config.rootfs.diff_ids.push(`sha256:${lsha}`);
    config.history = [
      ...(config.history ?? []),
      { created_by: `cnibench test: without ${programs.join(', ')}` },
    ];
    const cbytes = Buffer.from(JSON.stringify(config));
    const csha = sha256(cbytes);
    writeFileSync(join(work, `${csha}.json`), cbytes);
    writeFileSync(
      join(work, 'manifest.json'),
      JSON.stringify([
        { Config: `${csha}.json`, RepoTags: [name], Layers: [...manifest.Layers, `${lsha}/layer.tar`] },
      ]),
    );
    const archive = join(work, 'image.tar');
    execFileSync('tar', [
      '-C',
      work,
      '-cf',
      archive,
      'manifest.json',
      `${csha}.json`,
      ...manifest.Layers.map((l) => l.split('/')[0]!),
      lsha,
    ]);
    for (const node of ['node1', 'node2']) {
      const sock = join(DIR, 'run', node, 'containerd', 'containerd.sock');
      if (!existsSync(sock)) continue;
      execFileSync(
        'ctr',
        ['--address', sock, '-n', 'k8s.io', 'images', 'import', '--snapshotter', 'overlayfs', archive],
        {
          stdio: 'ignore',
        },
      );
    }
    return name;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
