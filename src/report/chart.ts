import type { TopLevelSpec } from 'vega-lite';

/** One bar: the median of a figure with its confidence interval. */
export interface BarDatum {
  /** Group along the x axis, e.g. the placement. */
  group: string;
  /** Bar within the group, e.g. the scenario; also its colour. */
  series: string;
  median: number;
  low: number;
  high: number;
  n: number;
}

export interface LinePoint {
  line: string;
  t: number;
  value: number;
}

const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 160 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 220 },
  title: { fontSize: 13, anchor: 'start' as const },
  range: { category: { scheme: 'tableau10' } },
};

/**
 * Renders a Vega-Lite spec to a standalone SVG string, in Node, at report time: the report
 * needs no script and fetches nothing when viewed. Vega escapes the text it draws.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // loaded on first use: Vega is most of the start-up time of every command otherwise
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Grouped bars of medians with error bars from the CI of each median. */
export function barChartSpec(title: string, yTitle: string, data: readonly BarDatum[]): TopLevelSpec {
  const series = [...new Set(data.map((d) => d.series))];
  // All zeros (no loss anywhere) would collapse the axis to one tick.
  const flat = data.every((d) => d.high === 0 && d.median === 0);
  const x = { field: 'group', type: 'nominal' as const, title: null, axis: { labelAngle: 0 }, sort: null };
  const xOffset = { field: 'series', type: 'nominal' as const, sort: series };
  return {
    title,
    config: CONFIG,
    width: { step: series.length > 6 ? 14 : 26 },
    height: 200,
    data: { values: data.map((d) => ({ ...d })) },
    encoding: { x, xOffset },
    layer: [
      {
        mark: { type: 'bar', tooltip: false },
        encoding: {
          y: {
            field: 'median',
            type: 'quantitative',
            title: yTitle,
            ...(flat ? { scale: { domain: [0, 1] } } : {}),
          },
          color: { field: 'series', type: 'nominal', title: 'scenario', sort: series },
        },
      },
      {
        mark: { type: 'rule', color: '#222', strokeWidth: 1.2 },
        encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
      {
        mark: { type: 'tick', color: '#222', size: 8, thickness: 1.2 },
        encoding: { y: { field: 'low', type: 'quantitative' } },
      },
      {
        mark: { type: 'tick', color: '#222', size: 8, thickness: 1.2 },
        encoding: { y: { field: 'high', type: 'quantitative' } },
      },
    ],
  };
}

/** Lines of a value over time, one per `line` (e.g. per repetition). */
export function lineChartSpec(title: string, yTitle: string, points: readonly LinePoint[]): TopLevelSpec {
  return {
    title,
    config: CONFIG,
    width: 300,
    height: 150,
    data: { values: points.map((p) => ({ ...p })) },
    mark: { type: 'line', point: { size: 12 }, strokeWidth: 1.5 },
    encoding: {
      x: { field: 't', type: 'quantitative', title: 'seconds', scale: { zero: true } },
      y: { field: 'value', type: 'quantitative', title: yTitle, scale: { zero: true } },
      color: { field: 'line', type: 'nominal', title: null },
    },
  };
}
