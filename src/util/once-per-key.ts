/**
 * One promise per key: the first caller's work is shared by every later caller of that key. A
 * promise that rejects is forgotten, so the next caller tries again (an interrupted probe, a
 * failing API call) instead of inheriting the failure.
 */
export class OncePerKey<K, V> {
  private readonly started = new Map<K, Promise<V>>();

  get(key: K, make: () => Promise<V>): Promise<V> {
    const known = this.started.get(key);
    if (known !== undefined) return known;
    const p = make();
    this.started.set(key, p);
    p.catch(() => this.started.delete(key));
    return p;
  }
}
