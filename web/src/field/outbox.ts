// The phone page's one outbox: what the projectionist made waits on the phone until the server
// has it. Two kinds of item use it — reports (./reports.ts, kept in localStorage) and evidence
// (./evidence.ts: fixes and photos, kept in IndexedDB, which holds the photos' bytes as Blobs).
//   made → kept (a Keeper) → flush: what may go now, one after another → the server's answer:
//   sent | failed for good | retry (no signal, a server in trouble, a sign-in awaited) → backoff.
// A refusal (4xx) is final, never tried again: a signed-off month's 409 period-locked among them,
// which the page says in its own words and then drops from the phone (forget).
// One flush at a time; a retry stops the flush (the order is kept) and tries again on the
// 'online' event and on a timer that backs off (the event does not fire when only the server
// was away). What went is kept three days, for the page to show.
import { Problem } from '../shared/http.js';
import { lockedPeriodOf } from '../shared/period-lock.js';

/** 'none': nothing to send (a fix the phone could not take), shown like a sent one. */
export type SendState = 'waiting' | 'sending' | 'sent' | 'failed' | 'none';
export type Outcome = 'sent' | 'failed' | 'retry';

export interface Queued {
  /** The item's Idempotency-Key, made when it was made. */
  key: string;
  state: SendState;
  madeAt: number;
  sentAt?: number;
  /** Why it failed for good, or 'signIn' while it waits for a sign-in. */
  reason?: string;
}

/** Where the items live on the phone. */
export interface Keeper<T> {
  load(): T[] | Promise<T[]>;
  /** Stores one item (a keeper that stores the whole list stores `all`). */
  put(item: T, all: readonly T[]): void | Promise<void>;
  /** Forgets items gone past their keeping. */
  drop(gone: readonly T[], all: readonly T[]): void | Promise<void>;
  /** Another tab of the same phone changed the items. */
  watch?(changed: () => void): void;
}

const KEEP_SENT_MS = 3 * 86_400_000;
const RETRY_MS = [2_000, 5_000, 10_000, 30_000, 60_000];

/** 'sending' is kept as 'waiting': a page closed mid-send sends it again next time (and the server stores it once). */
const asKept = <T extends Queued>(i: T): T => (i.state === 'sending' ? { ...i, state: 'waiting' } : i);

/**
 * What a refused send means: no connection, a server in trouble or a sign-in to wait for → try
 * again later; anything else → failed for good, with the server's reason.
 */
export function refusal(err: unknown, item: Queued): 'failed' | 'retry' {
  if (!(err instanceof Problem)) return 'retry'; // no connection
  if (err.status === 401) {
    item.reason = 'signIn';
    return 'retry';
  }
  if (err.status >= 500 || err.status === 429) return 'retry';
  // A signed-off month is final like any conflict; kept as 'locked:<month>' so the page says it in its language.
  const locked = lockedPeriodOf(err);
  item.reason = locked ? `${LOCKED_REASON}${locked.month}` : (err.body.detail ?? err.body.title ?? String(err.status));
  return 'failed';
}

/** The reason of an item refused because its screening's month is signed off (then the month, YYYY-MM). */
export const LOCKED_REASON = 'locked:';
export const refusedAsLocked = (i: Queued) => i.state === 'failed' && Boolean(i.reason?.startsWith(LOCKED_REASON));

export abstract class Outbox<T extends Queued> {
  items: T[] = [];
  /** Once the kept items are read (at once from localStorage, later from IndexedDB). */
  readonly ready: Promise<void>;
  private flushing: Promise<void> | null = null;
  private timer = 0;
  private attempt = 0;

  /** What may go now, in the order to send it. */
  protected abstract sendable(): T[];
  /** Sends one item; sets its reason when it fails. */
  protected abstract send(item: T): Promise<Outcome>;

  constructor(
    private keeper: Keeper<T>,
    protected onChange: (sentSomething: boolean) => void,
  ) {
    const loaded = keeper.load();
    this.ready = Array.isArray(loaded)
      ? Promise.resolve(this.take(loaded))
      : loaded.then((items) => {
          this.take(items);
          this.onChange(false);
        });
    addEventListener('online', () => void this.flush());
    keeper.watch?.(async () => {
      this.items = await keeper.load();
      this.onChange(false);
    });
  }

  private take(stored: T[]) {
    const now = Date.now();
    const gone = stored.filter((i) => (i.state === 'sent' || i.state === 'none') && now - (i.sentAt ?? i.madeAt) > KEEP_SENT_MS);
    this.items = stored.filter((i) => !gone.includes(i)).map(asKept);
    if (gone.length) void this.keeper.drop(gone, this.items);
  }

  protected keep(item: T) {
    return this.keeper.put(asKept(item), this.items.map(asKept));
  }

  /** Queues an item; the caller flushes. */
  protected push(item: T) {
    this.items.push(item);
    return this.keep(item);
  }

  waiting() {
    return this.items.filter((i) => i.state === 'waiting' || i.state === 'sending');
  }

  /** Takes items off the phone for good (what failed for good, once the reader has been told). */
  async forget(gone: readonly T[]) {
    this.items = this.items.filter((i) => !gone.includes(i));
    await this.keeper.drop(gone, this.items.map(asKept));
    this.onChange(false);
  }

  /** Sends what may go now, one after another; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.ready.then(() => this.sendAll()).finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async sendAll() {
    clearTimeout(this.timer);
    let sent = false;
    let again = false;
    const tried = new Set<string>();
    for (;;) {
      const next = this.sendable().find((i) => !tried.has(i.key));
      if (!next) break;
      tried.add(next.key);
      if (!navigator.onLine) {
        again = true;
        break;
      }
      next.state = 'sending';
      this.onChange(false);
      const outcome = await this.send(next);
      next.state = outcome === 'retry' ? 'waiting' : outcome;
      if (outcome === 'sent') {
        delete next.reason;
        next.sentAt = Date.now();
        sent = true;
      }
      await this.keep(next);
      this.onChange(sent);
      again = outcome === 'retry';
      if (again) break; // the network is down again: keep the order, try later
    }
    if (again) this.timer = window.setTimeout(() => void this.flush(), RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]);
    else this.attempt = 0;
  }
}

/** The items as one JSON list under one localStorage key; another tab's change is seen. */
export function localKeeper<T>(storeKey: string): Keeper<T> {
  const read = (): T[] => {
    try {
      const list = JSON.parse(localStorage.getItem(storeKey) ?? '[]') as T[];
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  };
  const write = (all: readonly T[]) => {
    try {
      localStorage.setItem(storeKey, JSON.stringify(all));
    } catch {
      // Storage full or disabled: the item still goes now if the network allows.
    }
  };
  return {
    load: read,
    put: (_item, all) => write(all),
    drop: (_gone, all) => write(all),
    watch: (changed) => addEventListener('storage', (e) => e.key === storeKey && changed()),
  };
}

/**
 * The items one record each in an IndexedDB store keyed by `key`, read back in `order`; without
 * IndexedDB (a locked-down browser) they live as long as the page.
 */
export function indexedDbKeeper<T extends Queued>(dbName: string, storeName: string, order: (a: T, b: T) => number): Keeper<T> {
  const db = new Promise<IDBDatabase | null>((resolve) => {
    try {
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(storeName, { keyPath: 'key' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  const run = async <R>(mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<R>): Promise<R | undefined> => {
    const open = await db;
    if (!open) return undefined;
    return new Promise((resolve) => {
      const tx = open.transaction(storeName, mode);
      const req = work(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = tx.onabort = () => resolve(undefined);
    });
  };
  return {
    load: async () => (((await run('readonly', (s) => s.getAll())) ?? []) as T[]).sort(order),
    put: async (item) => void (await run('readwrite', (s) => s.put(item))),
    drop: async (gone) => void (await Promise.all(gone.map((i) => run('readwrite', (s) => s.delete(i.key))))),
  };
}
