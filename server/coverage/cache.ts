import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Request, Response } from 'express';
import type { DateTime } from 'luxon';
import { contentDisposition } from '../http/csv.js';
import { perHeader } from '../http/per-header.js';
import type { Epochs, Subject } from './log.js';

// Coverage answers, kept in memory while they still hold.
//
// A coverage answer is a function of three things: the registry (villages, townships), the
// screenings, and "now" — which decides, screening by screening, between planned and overdue. The
// database keeps a counter per subject, bumped at the commit of any transaction that writes it
// (migrations/202611270001_add_coverage_tracking.ts), so a process knows a stored answer is still
// the answer when
//   - the counters it depends on are the ones it was computed under, and
//   - "now" lies in the span between the scheduled starts around the time it was computed (the
//     renderer says which): no scheduled screening of its months has started since (or, clocks
//     being moved, before).
// Each request reads the counters first (one small query), then either sends the stored bytes or
// computes afresh. Reading the counters before the data means an answer is never stored under a
// newer counter than the data it was computed from, so a write is never missed; at worst an
// answer computed just after a write is stored under the counter before it, and simply not used.
// Several processes on one database each keep their own answers and stay right; the counters carry
// the database's identity, so a database recreated or restored under a running server is not
// taken for the one it replaced.

/** A rendered answer: its bytes, content type and, for downloads, a file name. */
export interface Rendered {
  /** The Content-Type header as it is sent, charset included ('application/json; charset=utf-8'). */
  type: string;
  /** The bytes, or pieces of them to send one after another (a large answer is not copied into one). */
  body: string | Buffer | Buffer[];
  filename?: string;
  /** A tag that names exactly these bytes, when the renderer knows one cheaper than hashing them. */
  etag?: string;
  /**
   * The span of "now" (ms) over which these bytes stay the answer: between the scheduled starts
   * around the time they were computed. Absent: as long as the counters stand.
   */
  span?: { from: number; until: number };
}

/** How to make an answer (./specs.ts): what selects it, what it depends on, how it is rendered. */
export interface AnswerSpec {
  /** Everything that selects the answer besides the data: path, month, level, filters, scope, format. */
  key: string;
  depends: Subject[];
  now: DateTime;
  render: (epochs: Epochs) => Promise<Rendered>;
}

/** A kept answer, with the headers it is sent with worked out once. */
interface Entry {
  key: string;
  stamp: string;
  from: number;
  until: number;
  type: string;
  /** Content-Disposition, for a download. */
  disposition?: string;
  parts: Buffer[];
  length: number;
  etag: string;
  /** The tag of the gzip bytes: a strong tag names one representation. */
  etagGz: string;
  gzipped?: Promise<Buffer>;
  /** The gzip bytes once made. */
  gz?: Buffer;
  bytes: number;
}

const gzipAsync = promisify(gzip);
const MIN_GZIP_BYTES = 1024;
/** The client takes gzip (Express's negotiation, once per Accept-Encoding value). */
const takesGzip = perHeader('accept-encoding', (req) => req.acceptsEncodings('gzip', 'identity') === 'gzip');

export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<Entry>>();
  private bytes = 0;

  constructor(
    /** The counters, as of a read that starts after the call (server/db/freshReads.ts). */
    private readonly readEpochs: () => Promise<Epochs>,
    private readonly maxBytes: number,
  ) {}

  /** Answers the request from memory when the stored answer still holds, else computes and keeps it. */
  async send(req: Request, res: Response, spec: AnswerSpec): Promise<void> {
    // The counters the sign-in check read for this request (a read begun after it arrived), else a read of their own.
    const epochs = req.epochs ?? (await this.readEpochs());
    const stamp = [epochs.database, ...spec.depends.map((s) => `${s}:${epochs[s]}`)].join(',');
    const now = spec.now.toMillis();
    let entry = this.entries.get(spec.key);
    if (entry && entry.stamp === stamp && entry.from <= now && now < entry.until) {
      this.entries.delete(spec.key); // most recently used last
      this.entries.set(spec.key, entry);
    } else {
      entry = await this.build(spec, epochs, stamp, now);
    }
    await this.write(req, res, entry);
  }

  /** Computes and keeps an answer no request has asked for yet (the start's warm-up), unless a kept one still holds. */
  async prime(spec: AnswerSpec): Promise<void> {
    const epochs = await this.readEpochs();
    const stamp = [epochs.database, ...spec.depends.map((s) => `${s}:${epochs[s]}`)].join(',');
    const now = spec.now.toMillis();
    const entry = this.entries.get(spec.key);
    if (!(entry && entry.stamp === stamp && entry.from <= now && now < entry.until)) await this.build(spec, epochs, stamp, now);
  }

  private async build(spec: AnswerSpec, epochs: Epochs, stamp: string, now: number): Promise<Entry> {
    // Requests that miss together share one computation, when its span covers their "now" too.
    const flight = `${stamp}|${spec.key}`;
    let pending = this.building.get(flight);
    if (!pending) {
      pending = this.compute(spec, epochs, stamp).finally(() => this.building.delete(flight));
      this.building.set(flight, pending);
    }
    const entry = await pending;
    return entry.from <= now && now < entry.until ? entry : this.compute(spec, epochs, stamp);
  }

  private async compute(spec: AnswerSpec, epochs: Epochs, stamp: string): Promise<Entry> {
    const rendered = await spec.render(epochs);
    const span = rendered.span ?? { from: -Infinity, until: Infinity };
    const parts = typeof rendered.body === 'string' ? [Buffer.from(rendered.body)] : Array.isArray(rendered.body) ? rendered.body : [rendered.body];
    const length = parts.reduce((n, p) => n + p.length, 0);
    let etag = rendered.etag;
    if (!etag) {
      // The bytes' own hash: a tag names exactly one body, whatever raced with its computation.
      const hash = createHash('sha1');
      for (const p of parts) hash.update(p);
      etag = `"${hash.digest('base64url').slice(0, 27)}"`;
    }
    const entry: Entry = {
      key: spec.key,
      stamp,
      ...span,
      type: rendered.type,
      disposition: rendered.filename ? contentDisposition(rendered.filename) : undefined,
      parts,
      length,
      etag,
      etagGz: `${etag.slice(0, -1)}-gz"`,
      bytes: length,
    };
    this.keep(entry);
    return entry;
  }

  private keep(entry: Entry) {
    const old = this.entries.get(entry.key);
    if (old) this.drop(old);
    if (entry.bytes > this.maxBytes) return;
    this.entries.set(entry.key, entry);
    this.bytes += entry.bytes;
    this.trim();
  }

  /** Drops the least recently used answers until the budget holds. */
  private trim() {
    for (const [, lru] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(lru);
    }
  }

  private drop(entry: Entry) {
    if (this.entries.get(entry.key) !== entry) return;
    this.entries.delete(entry.key);
    this.bytes -= entry.bytes;
  }

  /** The gzip form of an entry, made once on first demand and counted against the budget. */
  private gzipped(entry: Entry): Promise<Buffer> {
    if (!entry.gzipped) {
      entry.gzipped = gzipAsync(Buffer.concat(entry.parts, entry.length));
      void entry.gzipped.then(
        (gz) => {
          entry.gz = gz;
          if (this.entries.get(entry.key) !== entry) return;
          entry.bytes += gz.length;
          this.bytes += gz.length;
          this.trim();
        },
        () => (entry.gzipped = undefined), // try again next time
      );
    }
    return entry.gzipped;
  }

  /**
   * Sends an entry with headers set directly, as res.send would set them (it would work each one
   * out again): Cache-Control, the ETag of the bytes sent, Vary, Content-Type, Content-Disposition
   * for a download, then 304 for a fresh If-None-Match, else the bytes with their Content-Length
   * (for HEAD, Node sends the headers only).
   */
  private async write(req: Request, res: Response, entry: Entry): Promise<void> {
    const zipped = entry.length >= MIN_GZIP_BYTES && takesGzip(req);
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('ETag', zipped ? entry.etagGz : entry.etag);
    if (res.getHeader('Vary') === undefined) res.setHeader('Vary', 'Accept-Encoding');
    else res.vary('Accept-Encoding');
    res.setHeader('Content-Type', entry.type);
    if (entry.disposition !== undefined) res.setHeader('Content-Disposition', entry.disposition);
    if (req.fresh) {
      res.statusCode = 304;
      return void res.end();
    }
    if (zipped) {
      const gz = entry.gz ?? (await this.gzipped(entry));
      res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', gz.length);
      return void res.end(gz);
    }
    res.setHeader('Content-Length', entry.length);
    if (entry.parts.length === 1) return void res.end(entry.parts[0]);
    res.cork(); // one writev for all the pieces
    for (const p of entry.parts) res.write(p);
    res.end();
    res.uncork();
  }
}
