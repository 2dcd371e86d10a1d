import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Placement } from '../../src/model/placement.js';
import { agreement, intervalText } from '../lib/agreement.js';
import { runCnibench } from '../lib/cnibench.js';
import { sig, type FigureLog } from '../lib/figure.js';
import { casesFor, cnibenchMetrics, comparedFigures, suiteConfig, type Case, type Timing } from './cases.js';
import { buildByHand, destroyByHand, measureRaw, type HandBuilt } from './raw.js';

export interface FidelityOptions {
  profiles: string[];
  placements: Placement[];
  /** Case kinds: tcp, udp, rr, or a case name like "tcp streams=1". */
  kinds: string[];
  /** Raw and cnibench blocks (every placement's cases each), alternated: raw first in odd pairs, cnibench first in even ones. */
  pairs: number;
  timing: Timing;
}

/** Ratio margin of the throughput and latency figures. */
const RATIO_MARGIN = 0.02;
/** Difference margin of the UDP loss, in percentage points. */
const LOSS_MARGIN_PP = 0.5;

type Values = Map<string, { raw: number[]; cni: number[] }>;

/**
 * The same topology built by hand and by cnibench, per profile; the same tests run with the raw
 * tools and with cnibench in alternating blocks (all placements' cases per block); the ratio of
 * cnibench's figure to the raw one, with the distribution-free interval of the shift.
 */
export async function fidelity(o: FidelityOptions, log: FigureLog): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cnibench-fidelity-'));
  const config = join(dir, 'fidelity.json');
  try {
    for (const profile of o.profiles) {
      const prefix = `bfid-${randomBytes(2).toString('hex')}`;
      log.note(`${profile}: hand-built topology in namespaces ${prefix}-*; ${o.pairs} pairs of blocks`);
      const values: Values = new Map();
      let topo: HandBuilt | undefined;
      try {
        topo = await buildByHand(prefix, profile);
        // every placement in one block: one lab build per cnibench block, as a user's run has
        const cases = o.placements.flatMap((p) => casesFor(p, o.kinds));
        writeFileSync(config, JSON.stringify(suiteConfig([profile], cases, o.timing)));
        for (let pair = 1; pair <= o.pairs; pair++) {
          const order = pair % 2 === 1 ? ['raw', 'cni'] : ['cni', 'raw'];
          for (const side of order) {
            if (side === 'raw') await rawBlock(topo, cases, o.timing, values);
            else await cnibenchBlock(config, profile, cases, values);
          }
        }
      } finally {
        await destroyByHand(prefix);
      }
      report(profile, o, values, log);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function push(values: Values, key: string, side: 'raw' | 'cni', v: number | undefined): void {
  const e = values.get(key) ?? { raw: [], cni: [] };
  e[side].push(v ?? Number.NaN);
  values.set(key, e);
}

const keyOf = (c: Case, metric: string): string => `${c.placement}|${c.name}|${metric}`;

async function rawBlock(
  topo: HandBuilt,
  cases: readonly Case[],
  timing: Timing,
  values: Values,
): Promise<void> {
  for (const c of cases) {
    const m = await measureRaw(topo, c, timing).catch((e: Error) => {
      process.stderr.write(`  raw ${c.placement} ${c.name} failed: ${e.message.slice(0, 300)}\n`);
      return {} as Record<string, number>;
    });
    for (const f of comparedFigures(c)) push(values, keyOf(c, f.metric), 'raw', m[f.metric]);
  }
}

async function cnibenchBlock(
  config: string,
  profile: string,
  cases: readonly Case[],
  values: Values,
): Promise<void> {
  const r = await runCnibench([
    'run',
    '--config',
    config,
    '--suite',
    'fidelity',
    '--scenario',
    profile,
    '-o',
    'none',
  ]);
  for (const c of cases) {
    const m = r.doc ? cnibenchMetrics(r.doc, c) : {};
    for (const f of comparedFigures(c)) push(values, keyOf(c, f.metric), 'cni', m[f.metric]);
  }
}

function report(profile: string, o: FidelityOptions, values: Values, log: FigureLog): void {
  for (const placement of o.placements) {
    for (const c of casesFor(placement, o.kinds)) {
      for (const f of comparedFigures(c)) {
        const v = values.get(keyOf(c, f.metric));
        if (v === undefined) continue;
        const margin = f.scale === 'ratio' ? RATIO_MARGIN : LOSS_MARGIN_PP;
        const a = agreement(v.raw, v.cni, f.scale, margin);
        const of =
          f.scale === 'ratio'
            ? `ratio of medians ${sig(a.ofMedians, 4)}`
            : `difference of medians ${sig(a.ofMedians, 3)} pp`;
        log.add({
          section: 'fidelity',
          name: `${profile} ${placement} ${c.name} ${f.label}`,
          value: `cnibench ${sig(a.medians[1])} vs raw ${sig(a.medians[0])} ${f.unit}: ${of}, shift ${intervalText(a.interval)} (n ${a.n[1]}/${a.n[0]})`,
          target: f.scale === 'ratio' ? `within ${RATIO_MARGIN * 100}%` : `within ${LOSS_MARGIN_PP} pp`,
          met: a.met,
          note: a.note,
        });
      }
    }
  }
}
