import { convertIperf3Json } from './iperf3-json.js';
import { convertIperf3Text } from './iperf3-text.js';
import { convertK8sNetperf } from './k8s-netperf.js';
import { convertKnb } from './knb.js';
import type { Converter, ImportFormat } from './types.js';

/** The converter of each format. */
export const CONVERTERS: Record<ImportFormat, Converter> = {
  'iperf3-json': convertIperf3Json,
  'iperf3-text': convertIperf3Text,
  'k8s-netperf': convertK8sNetperf,
  knb: convertKnb,
};
