// Reports made on the phone, sent through the outbox (./outbox.ts) and kept in localStorage. Each
// carries an Idempotency-Key made when the projectionist tapped, and the version it was made on
// (If-Match): when an answer is lost and the report goes again, the server refuses the repeat as
// stale (412) and the outbox checks that the stored screening already says what the report said —
// so a report sent twice is stored once, and a report overtaken by someone else's change is not
// written over it.
import { api, newKey, type Screening } from '../shared/api.js';
import { Problem } from '../shared/http.js';
import { localKeeper, Outbox, refusal, type Outcome, type Queued } from './outbox.js';

export type Change = { status: 'completed'; audience: number } | { status: 'cancelled'; cancelReason: string };

export interface Report extends Queued {
  screeningId: number;
  version: number;
  change: Change;
  /** Why it failed for good ('stale:<status>' when someone else changed it first), or 'signIn'. */
  reason?: string;
}

const STORE = 'film2131.report.outbox';

const matches = (s: Screening, c: Change) =>
  s.status === c.status && (c.status === 'completed' ? s.audience === c.audience : (s.cancelReason ?? '') === c.cancelReason);

export class ReportOutbox extends Outbox<Report> {
  /** `stored` gets the server's answer to a report (the screening as stored, its verification with it). */
  constructor(
    onChange: (sentSomething: boolean) => void,
    private stored: (s: Screening) => void = () => undefined,
  ) {
    super(localKeeper<Report>(STORE), onChange);
  }

  latest(screeningId: number): Report | undefined {
    return this.items.filter((r) => r.screeningId === screeningId).at(-1);
  }

  add(s: Screening, change: Change) {
    void this.push({ key: newKey(), screeningId: s.id, version: s.version, change, state: 'waiting', madeAt: Date.now() });
    this.onChange(false);
    void this.flush();
  }

  protected sendable() {
    return this.items.filter((r) => r.state === 'waiting');
  }

  protected async send(r: Report): Promise<Outcome> {
    try {
      this.stored(await api.updateScreening(r.screeningId, r.version, r.change, { keepPage: true, idempotencyKey: r.key }));
      return 'sent';
    } catch (err) {
      return err instanceof Problem && err.status === 412 ? this.settleStale(r) : refusal(err, r);
    }
  }

  /** Changed since the report was made: by this very report sent before (its answer lost), or by someone else. */
  private async settleStale(r: Report): Promise<Outcome> {
    try {
      const now = await api.screening(r.screeningId, { keepPage: true });
      this.stored(now);
      if (matches(now, r.change)) return 'sent';
      r.reason = `stale:${now.status}`;
      return 'failed';
    } catch (again) {
      return again instanceof Problem && again.status !== 401 && again.status < 500 ? 'failed' : 'retry';
    }
  }
}
