import type { Db } from '../db/index.js';
import { currentMonth, monthOf, shiftMonth } from '../../domain/months.js';
import { MAX_REQUESTED_FILMS } from '../../domain/voice.js';
import { changeScreening } from '../screenings/change.js';
import type { DemoEvidenceConfig } from './evidence.js';
import { sender, type Cases } from './telling.js';
import { seeded } from './tonghai.js';

// The villagers' voice in the demo (DOMAIN.md "Villagers' voice"): the county's supervision phone,
// villagers' film requests in a few dozen units this month and last (so the plan page and the
// planner have some to show), and a handful of problem reports of every kind and state for the
// bureau's list — one `not_held` on a completed, verified screening of this month or last, written
// through the screenings' one use case (server/screenings/change.ts), whose verification raises
// the villager_dispute flag on it. Runs after the evidence (./evidence.ts): the screenings are as
// the demo shows them.

const DAY = 86_400_000;
export const DEMO_SUPERVISION_PHONE = '0877-3012131';

/** A phone as the table keeps it: any hex string distinct per phone (the real ones are HMACs). */
const deviceHash = (random: () => number) => Array.from({ length: 4 }, () => Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0')).join('');

const comments = ['想看新片', '请多放科教片，讲种植的', '孩子们想看动画片', '老人想看戏曲', null, null, null];
const reportTexts: Record<string, string[]> = {
  not_held: ['通知了今晚放电影，等到九点没有人来', '说是放了，其实没放'],
  late: ['晚了一个多小时才开始', '放映队八点半才到'],
  other: ['声音太小，后排听不清', '银幕挂得太低，前面挡住了', '希望放映前能在村广播通知'],
};

/** The demo county's supervision phone, its villagers' requests and reports (`cases`: the telling screenings, left alone). */
export async function seedDemoVoice(trx: Db, config: DemoEvidenceConfig, countyId: number, cases: Cases): Promise<void> {
  const now = config.now();
  await trx('area_settings').insert({ area_id: countyId, supervision_phone: DEMO_SUPERVISION_PHONE });
  const random = seeded(2131_21);
  await seedRequests(trx, config.timezone, now.toJSDate(), random);
  await seedReports(trx, config, cases, random);
}

/** This month's and last month's requests: in about two units of five, one to five phones each, one to three licensed films a phone. */
async function seedRequests(trx: Db, zone: string, today: Date, random: () => number) {
  const units: number[] = (await trx('villages').where({ kind: 'administrative' }).whereNull('retired_at').orderBy('id').select('id')).map((v: { id: number }) => v.id);
  const day = today.toISOString().slice(0, 10);
  const films: number[] = (
    await trx('films')
      .where((w) => w.whereNull('available_from').orWhere('available_from', '<=', day))
      .where((w) => w.whereNull('available_to').orWhere('available_to', '>=', day))
      .orderBy('id')
      .select('id')
  ).map((f: { id: number }) => f.id);
  if (!films.length) return;
  // A few favourites most phones name, so the counts have a top.
  const favourites = films.filter((_, i) => i % 7 === 3).slice(0, 6);
  const pick = () => (favourites.length && random() < 0.55 ? favourites[Math.floor(random() * favourites.length)]! : films[Math.floor(random() * films.length)]!);
  const month = currentMonth(zone, today);
  const rows: Record<string, unknown>[] = [];
  for (const m of [shiftMonth(month, -1), month]) {
    for (const unit of units) {
      if (random() > 0.4) continue;
      const phones = 1 + Math.floor(random() * 5);
      for (let p = 0; p < phones; p++) {
        const wanted = new Set<number>();
        const count = 1 + Math.floor(random() * MAX_REQUESTED_FILMS);
        for (let k = 0; k < count * 3 && wanted.size < count; k++) wanted.add(pick());
        rows.push({ village_id: unit, month: m, device_hash: deviceHash(random), film_ids: [...wanted], comment: comments[Math.floor(random() * comments.length)] });
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500) await trx('film_requests').insert(rows.slice(i, i + 500));
}

interface Held {
  id: number;
  village_id: number;
  starts_at: Date;
  status: string;
  verification: string | null;
}

/** Eight reports over the last three weeks, of each kind and state; the first a `not_held` on a verified screening. */
async function seedReports(trx: Db, config: DemoEvidenceConfig, cases: Cases, random: () => number) {
  const now = config.now().toJSDate();
  const telling = new Set(Object.values(cases).flat());
  const recent: Held[] = (
    await trx('screenings')
      .whereIn('status', ['completed', 'cancelled'])
      .where('starts_at', '>', new Date(now.getTime() - 25 * DAY))
      .where('starts_at', '<', new Date(now.getTime() - DAY))
      .whereNull('review_decision')
      .orderBy([{ column: 'starts_at', order: 'desc' }, { column: 'id', order: 'desc' }])
      .select('id', 'village_id', 'starts_at', 'status', 'verification')
  ).filter((s: Held) => !telling.has(s.id));
  const bureau = await trx('users').where({ role: 'bureau' }).orderBy('id').first('id');
  const when = (s: Held | undefined, days: number) => new Date(Math.min(now.getTime() - 3_600_000, (s ? s.starts_at.getTime() : now.getTime() - days * DAY) + (s ? 14 * 3_600_000 : 0)));
  const text = (kind: string) => reportTexts[kind]![Math.floor(random() * reportTexts[kind]!.length)]!;

  // A month's only verified screening is left alone: the demo shows every state in each month (./evidence.ts showEveryState).
  const verifiedIn = new Map<string, number>();
  for (const s of recent) if (s.status === 'completed' && s.verification === 'verified') verifiedIn.set(monthOf(s.starts_at, config.timezone), (verifiedIn.get(monthOf(s.starts_at, config.timezone)) ?? 0) + 1);
  const disputed = recent.find((s) => s.status === 'completed' && s.verification === 'verified' && verifiedIn.get(monthOf(s.starts_at, config.timezone))! > 1);
  const others = recent.filter((s) => s !== disputed);
  const plan: { kind: string; on?: Held; state: string; note?: string; daysAgo: number }[] = [
    { kind: 'late', on: others[0], state: 'new', daysAgo: 2 },
    { kind: 'other', on: others[1], state: 'new', daysAgo: 3 },
    { kind: 'other', state: 'new', daysAgo: 1 },
    { kind: 'late', on: others[2], state: 'looking', note: '已联系放映队核实到达时间', daysAgo: 6 },
    { kind: 'not_held', on: others.find((s) => s.status === 'cancelled') ?? others[3], state: 'closed', note: '当晚下雨改期，已在村里补放', daysAgo: 12 },
    { kind: 'other', state: 'closed', note: '已请放映队加大音量', daysAgo: 16 },
    { kind: 'late', state: 'looking', note: '待放映队说明', daysAgo: 9 },
  ];
  const anyUnit = recent[0]?.village_id ?? (await trx('villages').where({ kind: 'administrative' }).orderBy('id').first('id'))?.id;
  if (anyUnit === undefined) return;
  const rows = plan.map((p) => {
    const created = when(p.on, p.daysAgo);
    return {
      village_id: p.on?.village_id ?? anyUnit,
      screening_id: p.on?.id ?? null,
      kind: p.kind,
      text: text(p.kind),
      state: bureau ? p.state : 'new',
      note: bureau ? (p.note ?? null) : null,
      handled_by: bureau && p.state !== 'new' ? bureau.id : null,
      // Handled after it came: the next day, or a few minutes ago when it came today.
      handled_at: bureau && p.state !== 'new' ? new Date(Math.min(created.getTime() + DAY, Math.max(created.getTime() + 600_000, now.getTime() - 600_000))) : null,
      created_at: created,
    };
  });
  await trx('villager_reports').insert(rows);
  if (!disputed) return;
  // The dispute: written as one change of the screening, so that its verification reads the report.
  const c = { db: trx, user: await sender(trx), zone: config.timezone, now: config.now(), evidence: config.evidence };
  await changeScreening(c, {
    write: async (inner) => {
      await inner('villager_reports').insert({ village_id: disputed.village_id, screening_id: disputed.id, kind: 'not_held', text: text('not_held'), created_at: when(disputed, 1) });
      return [disputed.id];
    },
  });
}
