// The evidence outbox: a screening's position fixes and photos wait on the phone (IndexedDB, which
// keeps the photos' bytes as Blobs) until the server has them, beside the reports' outbox
// (./outbox.ts). Order (./evidence-rules.ts sendOrder): a screening's report first, then its fix,
// then its photos. Exactly once: a fix goes with an Idempotency-Key made when it was taken; a photo
// sent again after a lost answer is the same bytes, which the server answers 200 without storing.
import { newKey } from '../shared/api.js';
import { Problem, request } from '../shared/http.js';
import { noFixOf, pickPhotos, sendOrder, toFix, type EvidenceState, type FixBody, type FixKind, type NoFix, type PhotoProblem, type PhotoType } from './evidence-rules.js';

export interface EvidenceItem {
  key: string;
  screeningId: number;
  kind: 'fix' | 'photo';
  state: EvidenceState;
  seq: number;
  madeAt: number;
  sentAt?: number;
  /** The fix; or, with state 'none', why there is none. */
  fix?: FixBody;
  noFix?: NoFix;
  photo?: { blob: Blob; type: PhotoType; name: string };
  /** Why it failed for good, or 'signIn' while it waits for a sign-in. */
  reason?: string;
}

const DB_NAME = 'film2131-field';
const STORE = 'evidence';
const KEEP_SENT_MS = 3 * 86_400_000;
const RETRY_MS = [2_000, 5_000, 10_000, 30_000, 60_000];
/** Long enough for a cold GPS under an open sky; the report does not wait for it. */
export const FIX_TIMEOUT_MS = 20_000;

function openDb(): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
    } catch {
      resolve(null); // no IndexedDB (a locked-down browser): evidence then lives as long as the page
    }
  });
}

function run<T>(db: IDBDatabase | null, mode: IDBTransactionMode, work: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | undefined> {
  if (!db) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const tx = db.transaction(STORE, mode);
    const req = work(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = tx.onabort = () => resolve(undefined);
  });
}

/** The phone's position now, or why there is none. */
export function takePosition(kind: FixKind, timeout = FIX_TIMEOUT_MS): Promise<{ fix: FixBody } | { noFix: NoFix }> {
  if (!('geolocation' in navigator)) return Promise.resolve({ noFix: 'unsupported' });
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ fix: toFix(p, kind) }),
      (e) => resolve({ noFix: noFixOf(e.code) }),
      { enableHighAccuracy: true, timeout, maximumAge: 60_000 },
    );
  });
}

export class EvidenceOutbox {
  items: EvidenceItem[] = [];
  /** Screenings whose fix is being taken now. */
  readonly locating = new Set<number>();
  private db: Promise<IDBDatabase | null> = openDb();
  private flushing: Promise<void> | null = null;
  private timer = 0;
  private attempt = 0;
  readonly ready: Promise<void>;

  constructor(
    private reportWaiting: (screeningId: number) => boolean,
    private onChange: () => void,
  ) {
    this.ready = this.load();
    addEventListener('online', () => void this.flush());
  }

  private async load() {
    const db = await this.db;
    const stored = ((await run(db, 'readonly', (s) => s.getAll())) ?? []) as EvidenceItem[];
    const now = Date.now();
    for (const i of stored) {
      if ((i.state === 'sent' || i.state === 'none') && now - (i.sentAt ?? i.madeAt) > KEEP_SENT_MS) void run(db, 'readwrite', (s) => s.delete(i.key));
      // 'sending' when the page closed mid-send: it goes again (and is stored once).
      else this.items.push(i.state === 'sending' ? { ...i, state: 'waiting' } : i);
    }
    this.items.sort((a, b) => a.seq - b.seq);
    this.onChange();
  }

  private async save(item: EvidenceItem) {
    await run(await this.db, 'readwrite', (s) => s.put(item.state === 'sending' ? { ...item, state: 'waiting' } : item));
  }

  of(screeningId: number) {
    return this.items.filter((i) => i.screeningId === screeningId);
  }

  waiting() {
    return this.items.filter((i) => i.state === 'waiting' || i.state === 'sending');
  }

  private async add(item: Omit<EvidenceItem, 'key' | 'seq' | 'madeAt'>) {
    await this.ready;
    const full: EvidenceItem = { ...item, key: newKey(), seq: (this.items.at(-1)?.seq ?? 0) + 1, madeAt: Date.now() };
    this.items.push(full);
    await this.save(full);
    return full;
  }

  /** Takes the phone's position for the screening and queues it (or notes why there is none). */
  async locate(screeningId: number, kind: FixKind) {
    this.locating.add(screeningId);
    this.onChange();
    const got = await takePosition(kind);
    await this.add('fix' in got ? { screeningId, kind: 'fix', state: 'waiting', fix: got.fix } : { screeningId, kind: 'fix', state: 'none', noFix: got.noFix });
    this.locating.delete(screeningId);
    this.onChange();
    void this.flush();
  }

  /** Queues the picked photos the screening still takes; answers what was refused and why. */
  async addPhotos(screeningId: number, files: readonly File[]): Promise<PhotoProblem[]> {
    await this.ready;
    const already = this.of(screeningId).filter((i) => i.kind === 'photo' && i.state !== 'failed').length;
    const { taken, refused } = pickPhotos(files, already);
    for (const { file, type } of taken) await this.add({ screeningId, kind: 'photo', state: 'waiting', photo: { blob: file, type, name: file.name } });
    this.onChange();
    void this.flush();
    return refused.map((r) => r.problem);
  }

  /** Sends what may go now, one after another; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.ready.then(() => this.sendAll()).finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async sendAll() {
    clearTimeout(this.timer);
    let again = false;
    const tried = new Set<string>();
    for (;;) {
      const next = sendOrder(this.items, this.reportWaiting, this.locating).find((i) => !tried.has(i.key));
      if (!next) break;
      tried.add(next.key);
      if (!navigator.onLine) {
        again = true;
        break;
      }
      next.state = 'sending';
      this.onChange();
      const outcome = await this.send(next);
      next.state = outcome === 'retry' ? 'waiting' : outcome;
      if (outcome === 'sent') next.sentAt = Date.now();
      await this.save(next);
      this.onChange();
      if (outcome === 'retry') {
        again = true;
        break;
      }
    }
    // Something waits for a report still on the phone: the reports' outbox calls flush() once it is sent.
    if (again) this.timer = window.setTimeout(() => void this.flush(), RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]);
    else this.attempt = 0;
  }

  private async send(i: EvidenceItem): Promise<'sent' | 'failed' | 'retry'> {
    try {
      if (i.kind === 'fix') {
        await request(`POST`, `/api/screenings/${i.screeningId}/fix`, { body: i.fix, idempotencyKey: i.key, keepPage: true });
      } else {
        await request('POST', `/api/screenings/${i.screeningId}/photos`, { body: i.photo!.blob, contentType: i.photo!.type, keepPage: true });
      }
      delete i.reason;
      return 'sent';
    } catch (err) {
      if (!(err instanceof Problem)) return 'retry'; // no connection
      if (err.status === 401) {
        i.reason = 'signIn';
        return 'retry';
      }
      if (err.status >= 500 || err.status === 429) return 'retry';
      i.reason = err.body.detail ?? err.body.title ?? String(err.status);
      return 'failed';
    }
  }
}
