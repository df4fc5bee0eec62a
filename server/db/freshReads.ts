/**
 * Reads that answer "as of now" for many callers at once. A caller always gets the result of a
 * read that started after it asked — so it sees everything committed before its request — but
 * the callers that ask while a read is running share the one read queued behind it. Under load,
 * one query serves a whole wave of requests instead of one each.
 */
export class FreshReads<K, T> {
  private readonly running = new Map<K, Promise<T>>();
  private readonly queued = new Map<K, Promise<T>>();

  constructor(private readonly read: (key: K) => Promise<T>) {}

  get(key: K): Promise<T> {
    const queued = this.queued.get(key);
    if (queued) return queued;
    const running = this.running.get(key);
    if (!running) return this.start(key);
    const next = running.then(
      () => this.startQueued(key),
      () => this.startQueued(key),
    );
    this.queued.set(key, next);
    return next;
  }

  private startQueued(key: K): Promise<T> {
    this.queued.delete(key);
    return this.start(key);
  }

  private start(key: K): Promise<T> {
    const p = this.read(key);
    this.running.set(key, p);
    const done = () => {
      if (this.running.get(key) === p) this.running.delete(key);
    };
    p.then(done, done);
    return p;
  }
}
