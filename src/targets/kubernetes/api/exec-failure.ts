import { CnibenchError } from '../../../model/errors.js';
import type { ExecRequest } from './options.js';
import type { Pod } from './types.js';

/**
 * When an exec cannot start (the API server answers 400 or 404), the pod's own state says why:
 * evicted, ended, or gone. Rethrows the original error when the pod tells nothing more.
 */
export async function explainExecFailure(
  getPod: (path: string) => Promise<Pod>,
  r: ExecRequest,
  e: unknown,
): Promise<never> {
  if (!(e instanceof CnibenchError) || (e.code !== 'K8S_API' && e.code !== 'K8S_NOT_FOUND')) throw e;
  const pod = await getPod(
    `/api/v1/namespaces/${encodeURIComponent(r.namespace)}/pods/${encodeURIComponent(r.pod)}`,
  ).catch(() => undefined);
  const st = pod?.status;
  if (st?.phase !== 'Failed' && st?.phase !== 'Succeeded') throw e;
  const why = [st.reason, st.message].filter((x) => x !== undefined && x !== '').join(': ');
  throw new CnibenchError(
    'K8S_POD_FAILED',
    `exec in pod ${r.pod} (namespace ${r.namespace}): the pod has ended (phase ${st.phase}${why ? `, ${why}` : ''})`,
    {
      hint:
        st.reason === 'Evicted'
          ? 'the node evicted the pod (resource pressure): free resources on the node or lower the requests in the kubernetes settings, then run again'
          : `see \`kubectl -n ${r.namespace} describe pod ${r.pod}\``,
    },
  );
}
