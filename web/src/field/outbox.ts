// Reports made on the phone wait here (localStorage) until the server has them. Each carries an
// Idempotency-Key made when the projectionist tapped, and the version it was made on (If-Match):
// when an answer is lost and the report goes again, the server refuses the repeat as stale (412)
// and the outbox checks that the stored screening already says what the report said — so a
// report sent twice is stored once, and a report overtaken by someone else's change is not
// written over it.
import { api, newKey, type Screening } from '../shared/api.js';
import { Problem } from '../shared/http.js';

export type Change = { status: 'completed'; audience: number } | { status: 'cancelled'; cancelReason: string };
export type ReportState = 'waiting' | 'sending' | 'sent' | 'failed';

export interface Report {
  key: string;
  screeningId: number;
  version: number;
  change: Change;
  state: ReportState;
  /** Why it failed for good ('stale:<status>' when someone else changed it first), or 'signIn'. */
  reason?: string;
  madeAt: number;
  sentAt?: number;
}

const STORE = 'film2131.report.outbox';
const KEEP_SENT_MS = 3 * 86_400_000;
const RETRY_MS = [2_000, 5_000, 10_000, 30_000, 60_000];

function read(): Report[] {
  try {
    const list = JSON.parse(localStorage.getItem(STORE) ?? '[]') as Report[];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

const matches = (s: Screening, c: Change) =>
  s.status === c.status && (c.status === 'completed' ? s.audience === c.audience : (s.cancelReason ?? '') === c.cancelReason);

export class Outbox {
  reports: Report[] = read();
  private flushing: Promise<void> | null = null;
  private timer = 0;
  private attempt = 0;

  constructor(private onChange: (sentSomething: boolean) => void) {
    const now = Date.now();
    this.reports = this.reports
      .filter((r) => r.state !== 'sent' || now - (r.sentAt ?? r.madeAt) < KEEP_SENT_MS)
      .map((r) => (r.state === 'sending' ? { ...r, state: 'waiting' } : r));
    this.save();
    addEventListener('online', () => void this.flush());
    // Another tab of the same phone queued or sent something.
    addEventListener('storage', (e) => {
      if (e.key !== STORE) return;
      this.reports = read();
      this.onChange(false);
    });
  }

  private save() {
    try {
      // 'sending' is kept as 'waiting': a page closed mid-send sends again next time (and the
      // server's If-Match check makes that harmless).
      localStorage.setItem(STORE, JSON.stringify(this.reports.map((r) => (r.state === 'sending' ? { ...r, state: 'waiting' } : r))));
    } catch {
      // Storage full or disabled: the report still goes now if the network allows.
    }
  }

  latest(screeningId: number): Report | undefined {
    return this.reports.filter((r) => r.screeningId === screeningId).at(-1);
  }

  waiting() {
    return this.reports.filter((r) => r.state === 'waiting' || r.state === 'sending');
  }

  add(s: Screening, change: Change) {
    this.reports.push({ key: newKey(), screeningId: s.id, version: s.version, change, state: 'waiting', madeAt: Date.now() });
    this.save();
    this.onChange(false);
    void this.flush();
  }

  /** Sends every waiting report, one after another; one flush at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.sendAll().finally(() => (this.flushing = null));
    return this.flushing;
  }

  private async sendAll() {
    clearTimeout(this.timer);
    let sent = false;
    let again = false;
    for (const r of this.waiting()) {
      if (!navigator.onLine) {
        again = true;
        break;
      }
      r.state = 'sending';
      this.onChange(false);
      const outcome = await this.send(r);
      if (outcome === 'retry') {
        r.state = 'waiting';
        again = true;
      } else {
        r.state = outcome;
        if (outcome === 'sent') {
          r.sentAt = Date.now();
          sent = true;
        }
      }
      this.save();
      this.onChange(sent);
      if (again) break; // the network is down again: keep the order, try later
    }
    if (again) {
      // Also retry on a timer: the 'online' event does not fire when only the server was away.
      this.timer = window.setTimeout(() => void this.flush(), RETRY_MS[Math.min(this.attempt++, RETRY_MS.length - 1)]);
    } else {
      this.attempt = 0;
    }
  }

  private async send(r: Report): Promise<'sent' | 'failed' | 'retry'> {
    const opts = { keepPage: true, idempotencyKey: r.key };
    try {
      await api.updateScreening(r.screeningId, r.version, r.change, opts);
      delete r.reason;
      return 'sent';
    } catch (err) {
      if (!(err instanceof Problem)) return 'retry'; // no connection
      if (err.status === 401) {
        r.reason = 'signIn';
        return 'retry';
      }
      if (err.status === 412) {
        // Changed since the report was made: by this very report sent before (its answer lost), or by someone else.
        try {
          const now = await api.screening(r.screeningId, { keepPage: true });
          if (matches(now, r.change)) return 'sent';
          r.reason = `stale:${now.status}`;
          return 'failed';
        } catch (again) {
          return again instanceof Problem && again.status !== 401 && again.status < 500 ? 'failed' : 'retry';
        }
      }
      if (err.status >= 500 || err.status === 429) return 'retry';
      r.reason = err.body.detail ?? err.body.title ?? String(err.status);
      return 'failed';
    }
  }
}
