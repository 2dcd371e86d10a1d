import { childPids, cmdline, readProc } from './proc.js';

/**
 * Command lines of the measuring clients cnibench starts (directly, through `ip netns exec`, or
 * in crr's `sh -c` batch). Servers, set-up commands and the tool checks (`command -v`) are not
 * measuring.
 */
const TOOL =
  /\biperf3\b.* -c |\bsockperf (ping-pong|under-load|throughput)\b|\bh2load\b|\bdnsperf\b|\bcurl\b/;
const NOT_TOOL = /command -v/;

export function isMeasuringTool(cmd: string): boolean {
  return TOOL.test(cmd) && !NOT_TOOL.test(cmd);
}

interface Sample {
  t: number;
  cpuS: number;
  tool: boolean;
}

/** The process's own CPU and memory over a run, split by whether a measuring tool was running. */
export interface MonitorReport {
  samples: number;
  /** Seconds during which a measuring tool ran (between two samples that both saw one). */
  toolS: number;
  /** The process's own CPU seconds over those same intervals. */
  toolCpuS: number;
  /** toolCpuS / toolS, in % of one core. */
  toolCpuPct: number;
  /** Own CPU seconds before the first tool started (start-up, lab build). */
  beforeCpuS: number;
  /** Own CPU seconds between tools (server starts, parsing, saving, probes). */
  betweenCpuS: number;
  /** Own CPU seconds after the last tool ended (report, teardown). */
  afterCpuS: number;
  /** Own CPU seconds at the last sample (the whole run but the last interval). */
  totalCpuS: number;
  peakRssMb: number;
}

/** Samples a process's /proc/<pid>/stat and its children every `intervalMs` until stopped. */
export class Monitor {
  private readonly samples: Sample[] = [];
  private peakRssMb = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 50,
  ) {}

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): MonitorReport {
    if (this.timer) clearInterval(this.timer);
    return summarize(this.samples, this.peakRssMb);
  }

  private sample(): void {
    const p = readProc(this.pid);
    if (p === undefined) return;
    const tool = childPids(this.pid).some((c) => isMeasuringTool(cmdline(c)));
    this.peakRssMb = Math.max(this.peakRssMb, p.peakRssMb, p.rssMb);
    this.samples.push({ t: performance.now() / 1000, cpuS: p.cpuS, tool });
  }
}

/** Splits the samples' CPU deltas into before, during, between and after the tools. */
export function summarize(samples: readonly Sample[], peakRssMb: number): MonitorReport {
  const first = samples.findIndex((s) => s.tool);
  const last = samples.findLastIndex((s) => s.tool);
  let toolS = 0;
  let toolCpuS = 0;
  let beforeCpuS = 0;
  let betweenCpuS = 0;
  let afterCpuS = 0;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const cpu = b.cpuS - a.cpuS;
    if (a.tool && b.tool) {
      toolS += b.t - a.t;
      toolCpuS += cpu;
    } else if (first < 0 || i <= first) beforeCpuS += cpu;
    else if (i > last) afterCpuS += cpu;
    else betweenCpuS += cpu;
  }
  return {
    samples: samples.length,
    toolS,
    toolCpuS,
    toolCpuPct: toolS > 0 ? (toolCpuS / toolS) * 100 : Number.NaN,
    beforeCpuS,
    betweenCpuS,
    afterCpuS,
    totalCpuS: samples.at(-1)?.cpuS ?? Number.NaN,
    peakRssMb,
  };
}
