import type { Node } from './api/index.js';
import type { KubernetesSettings } from './schema.js';

/** The local cluster a node belongs to, when it is one whose nodes load images themselves. */
export function localCluster(
  nodes: readonly Node[],
): { kind: 'kind' | 'minikube'; name: string } | undefined {
  for (const n of nodes) {
    const kind = /^kind:\/\/[^/]+\/([^/]+)\//.exec(n.spec?.providerID ?? '')?.[1];
    if (kind !== undefined) return { kind: 'kind', name: kind };
    const mk = n.metadata.labels?.['minikube.k8s.io/name'];
    if (mk !== undefined) return { kind: 'minikube', name: mk };
  }
  return undefined;
}

/**
 * How to get the tools image onto the nodes, for this cluster: `kind load`, `minikube image
 * load`, or build, push and (for a private registry) a pull secret.
 */
export function imageFix(
  s: Pick<KubernetesSettings, 'image' | 'imagePullPolicy'>,
  nodes: readonly Node[],
): string {
  const img = s.image;
  const local = localCluster(nodes);
  const build = `docker build -t ${img} images/tools`;
  if (local?.kind === 'kind') {
    return `${build} && kind load docker-image ${img} --name ${local.name}, then run with --image ${img} --image-pull-policy IfNotPresent (a :latest tag would be pulled again)`;
  }
  if (local?.kind === 'minikube') {
    return `minikube -p ${local.name} image build -t ${img} images/tools (or ${build} && minikube -p ${local.name} image load ${img}), then run with --image ${img} --image-pull-policy IfNotPresent`;
  }
  const never =
    s.imagePullPolicy === 'Never'
      ? 'with --image-pull-policy Never the image must already be on every node (import it into the nodes\u2019 container runtime), or use IfNotPresent to pull it; otherwise '
      : '';
  return `${never}${build} && docker push ${img} to a registry the nodes can pull from, then run with --image ${img}; for a private registry, name its pull secret in kubernetes.imagePullSecrets (namespace/name)`;
}
