import { readFile } from 'node:fs/promises';
import type { ResourceUsage } from '../../model/resources.js';
import type { ResourceProbe } from '../target.js';

interface CpuTimes {
  total: number;
  system: number;
  softirq: number;
  cpus: number;
}

async function readCpu(): Promise<CpuTimes | undefined> {
  try {
    const text = await readFile('/proc/stat', 'utf8');
    const lines = text.split('\n');
    const all = lines[0]?.split(/\s+/).slice(1).map(Number) ?? [];
    // user nice system idle iowait irq softirq steal
    const total = all.slice(0, 8).reduce((a, b) => a + b, 0);
    return {
      total,
      system: all[2] ?? 0,
      softirq: all[6] ?? 0,
      cpus: lines.filter((l) => /^cpu\d/.test(l)).length,
    };
  } catch {
    return undefined;
  }
}

/**
 * Kernel time spent on the datapath while a repetition ran: softirq time (where veth, bridge,
 * VXLAN and routing run) and system time, in % of one CPU, from /proc/stat. The lab shares one
 * kernel, so these are machine-wide figures.
 */
export async function startProcStatProbe(): Promise<ResourceProbe> {
  const before = await readCpu();
  return {
    async stop(): Promise<ResourceUsage> {
      const after = await readCpu();
      const source = '/proc/stat (whole machine, % of one CPU)';
      if (!before || !after || after.total <= before.total || after.cpus === 0) {
        return { metrics: {}, absent: ['softirq_cpu_pct', 'system_cpu_pct'], source };
      }
      const perCpu = (after.total - before.total) / after.cpus;
      const pct = (d: number): number => (d / perCpu) * 100;
      return {
        metrics: {
          softirq_cpu_pct: { value: pct(after.softirq - before.softirq), unit: '%' },
          system_cpu_pct: { value: pct(after.system - before.system), unit: '%' },
        },
        absent: [],
        source,
      };
    },
  };
}
