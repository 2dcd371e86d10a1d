import { PassThrough } from 'node:stream';
import type { KubeApi } from '../api/index.js';
import type { AgentConnect } from './agent.js';
import { agentScript } from './script.js';

/** An agent connection lives this long at most; the next request opens a new one. */
const MAX_CONNECTION_MS = 12 * 3600 * 1000;

/** Runs the agent in a pod's container through one exec (WebSocket) with stdin open. */
export function execConnect(api: KubeApi, namespace: string, pod: string, container: string): AgentConnect {
  return async (onStdout, onClose) => {
    const stdin = new PassThrough();
    const stream = await api.startExec({
      namespace,
      pod,
      container,
      argv: ['sh', '-c', agentScript()],
      timeoutMs: MAX_CONNECTION_MS,
      stdin,
      onStdout,
    });
    void stream.done.then((r) => onClose(r.stderr.trim()));
    return {
      write: (text) => void stdin.write(text),
      close: () => {
        stdin.end();
        stream.close();
      },
    };
  };
}
