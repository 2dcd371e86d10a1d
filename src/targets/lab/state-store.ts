import { registryDir, processStartTime, removeState, saveState, type LabState } from './state.js';

/**
 * The run's state file in the registry of runs, kept up to date as things are created, so that
 * `cnibench cleanup` can remove them after a crash. Several scenarios may record at once:
 * writes are serialised.
 */
export class StateStore {
  readonly dir: string;
  private readonly state: LabState;
  private writing: Promise<void> = Promise.resolve();

  constructor(runId: string, registry: string = registryDir()) {
    this.dir = registry;
    this.state = {
      runId,
      owner: { pid: process.pid, startTime: processStartTime(process.pid) },
      createdAt: new Date().toISOString(),
      namespaces: [],
      processes: [],
      dirs: [],
    };
  }

  get namespaces(): readonly string[] {
    return this.state.namespaces;
  }

  get dirs(): readonly string[] {
    return this.state.dirs;
  }

  /** Records a namespace before it is created. */
  addNamespace(ns: string): Promise<void> {
    this.state.namespaces.push(ns);
    return this.save();
  }

  removeNamespaces(gone: readonly string[]): Promise<void> {
    this.state.namespaces = this.state.namespaces.filter((n) => !gone.includes(n));
    return this.save();
  }

  addDir(dir: string): Promise<void> {
    if (this.state.dirs.includes(dir)) return this.writing;
    this.state.dirs.push(dir);
    return this.save();
  }

  addProcess(pid: number, what: string): Promise<void> {
    this.state.processes.push({ pid, startTime: processStartTime(pid), what });
    return this.save();
  }

  removeProcess(pid: number): Promise<void> {
    this.state.processes = this.state.processes.filter((p) => p.pid !== pid);
    return this.save();
  }

  /** Removes the state file: nothing recorded is left. */
  async remove(): Promise<void> {
    await this.writing;
    await removeState(this.dir, this.state.runId);
  }

  private save(): Promise<void> {
    const snapshot = structuredClone(this.state);
    this.writing = this.writing.catch(() => undefined).then(() => saveState(this.dir, snapshot));
    return this.writing;
  }
}
