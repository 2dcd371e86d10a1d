import { z } from 'zod';

/** One qdisc's counters from `tc -s -j qdisc show`. */
export interface QdiscStats {
  dev: string;
  kind: string;
  handle: string;
  packets: number;
  drops: number;
}

const Qdisc = z
  .object({
    kind: z.string(),
    handle: z.string().optional(),
    dev: z.string(),
    packets: z.number().optional(),
    drops: z.number().optional(),
  })
  .passthrough();

/** Parses `tc -s -j qdisc show`; undefined when the text is not its JSON. */
export function parseQdiscStats(text: string): QdiscStats[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = z.array(Qdisc).safeParse(json);
  if (!r.success) return undefined;
  return r.data.map((q) => ({
    dev: q.dev,
    kind: q.kind,
    handle: q.handle ?? '',
    packets: q.packets ?? 0,
    drops: q.drops ?? 0,
  }));
}

/** Drops per qdisc between two readings (qdiscs absent from either are left out). */
export function qdiscDropsBetween(
  before: readonly QdiscStats[],
  after: readonly QdiscStats[],
): { dev: string; kind: string; drops: number }[] {
  return after.flatMap((a) => {
    const b = before.find((x) => x.dev === a.dev && x.kind === a.kind && x.handle === a.handle);
    const drops = a.drops - (b?.drops ?? 0);
    return b === undefined || drops <= 0 ? [] : [{ dev: a.dev, kind: a.kind, drops }];
  });
}
