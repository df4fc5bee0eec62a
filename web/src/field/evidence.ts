// Evidence sent through the outbox (./outbox.ts): a screening's position fixes and photos wait on
// the phone in IndexedDB, which keeps the photos' bytes as Blobs. Order (./evidence-rules.ts
// sendOrder): a screening's report first (./reports.ts), then its fix, then its photos. Exactly
// once: a fix goes with an Idempotency-Key made when it was taken; a photo sent again after a lost
// answer is the same bytes, which the server answers 200 without storing.
import { newKey } from '../shared/api.js';
import { request } from '../shared/http.js';
import { noFixOf, pickPhotos, sendOrder, toFix, type EvidenceState, type FixBody, type FixKind, type NoFix, type PhotoProblem, type PhotoType } from './evidence-rules.js';
import { indexedDbKeeper, Outbox, refusal, type Outcome, type Queued } from './outbox.js';

export interface EvidenceItem extends Queued {
  screeningId: number;
  kind: 'fix' | 'photo';
  state: EvidenceState;
  seq: number;
  /** The fix; or, with state 'none', why there is none. */
  fix?: FixBody;
  noFix?: NoFix;
  photo?: { blob: Blob; type: PhotoType; name: string };
}

/** Long enough for a cold GPS under an open sky; the report does not wait for it. */
export const FIX_TIMEOUT_MS = 20_000;

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

export class EvidenceOutbox extends Outbox<EvidenceItem> {
  /** Screenings whose fix is being taken now. */
  readonly locating = new Set<number>();

  /** `sent` hears of each fix or photo the server took, so the page can read the screening's verification again. */
  constructor(
    private reportWaiting: (screeningId: number) => boolean,
    onChange: () => void,
    private sent: (screeningId: number) => void = () => undefined,
  ) {
    super(indexedDbKeeper<EvidenceItem>('film2131-field', 'evidence', (a, b) => a.seq - b.seq), onChange);
  }

  of(screeningId: number) {
    return this.items.filter((i) => i.screeningId === screeningId);
  }

  private async add(item: Omit<EvidenceItem, 'key' | 'seq' | 'madeAt'>) {
    await this.ready;
    await this.push({ ...item, key: newKey(), seq: (this.items.at(-1)?.seq ?? 0) + 1, madeAt: Date.now() });
  }

  /** Takes the phone's position for the screening and queues it (or notes why there is none). */
  async locate(screeningId: number, kind: FixKind) {
    this.locating.add(screeningId);
    this.onChange(false);
    const got = await takePosition(kind);
    await this.add('fix' in got ? { screeningId, kind: 'fix', state: 'waiting', fix: got.fix } : { screeningId, kind: 'fix', state: 'none', noFix: got.noFix });
    this.locating.delete(screeningId);
    this.onChange(false);
    void this.flush();
  }

  /** Queues the picked photos the screening still takes; answers what was refused and why. */
  async addPhotos(screeningId: number, files: readonly File[]): Promise<PhotoProblem[]> {
    await this.ready;
    const already = this.of(screeningId).filter((i) => i.kind === 'photo' && i.state !== 'failed').length;
    const { taken, refused } = pickPhotos(files, already);
    for (const { file, type } of taken) await this.add({ screeningId, kind: 'photo', state: 'waiting', photo: { blob: file, type, name: file.name } });
    this.onChange(false);
    void this.flush();
    return refused.map((r) => r.problem);
  }

  /** Something waits for a report still on the phone: the reports' outbox flushes this one once it is sent. */
  protected sendable() {
    return sendOrder(this.items, this.reportWaiting, this.locating);
  }

  protected async send(i: EvidenceItem): Promise<Outcome> {
    try {
      if (i.kind === 'fix') await request('POST', `/api/screenings/${i.screeningId}/fix`, { body: i.fix, idempotencyKey: i.key, keepPage: true });
      else await request('POST', `/api/screenings/${i.screeningId}/photos`, { body: i.photo!.blob, contentType: i.photo!.type, keepPage: true });
      this.sent(i.screeningId);
      return 'sent';
    } catch (err) {
      return refusal(err, i);
    }
  }
}
