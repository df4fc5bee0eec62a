// The columns the film catalogue import understands (DOMAIN.md "Films and programmes"), and the
// headers a national catalogue's sheet gives them: `title, category, minutes…` as readily as
// 片名, 类别, 片长…. The server reads headers with this table and the catalogue page lists it, so
// the two cannot drift. Headers are compared as the village import compares them
// (domain/import-columns.ts normaliseHeader).
import { filmCategories, categoryNamesZh, type FilmCategory } from './programme.js';
import { headerReader, type HeaderNames } from './import-columns.js';

export const filmColumns = ['title', 'category', 'minutes', 'year', 'code', 'available_from', 'available_to', 'themes'] as const;
export type FilmColumn = (typeof filmColumns)[number];

export const filmHeaderNames: Record<FilmColumn, HeaderNames> = {
  title: { names: ['title', 'filmtitle', 'name', '片名', '影片名称', '影片名', '影片', '节目名称', '名称'] },
  category: { names: ['category', 'type', 'kind', '类别', '类型', '影片类别', '影片类型', '片种'] },
  minutes: { names: ['minutes', 'length', 'duration', 'runtime', '片长', '时长', '片长(分钟)', '时长(分钟)', '分钟'] },
  year: { names: ['year', '年份', '年代', '出品年份', '出品年', '摄制年份', '年度'] },
  code: { names: ['code', 'catalogue', 'cataloguecode', 'catalognumber', '编号', '影片编号', '片号', '目录编号', '代码', '编码'] },
  available_from: { names: ['availablefrom', 'from', 'start', '起始日期', '开始日期', '起始', '许可起始日期', '放映起始日期', '有效期起'] },
  available_to: { names: ['availableto', 'to', 'until', 'end', '截止日期', '结束日期', '截止', '许可截止日期', '放映截止日期', '有效期至'] },
  themes: { names: ['themes', 'theme', 'tags', '主题', '题材', '主题标签', '标签'] },
};

/** What the catalogue's category column may say: the six names, in English or as the national catalogue writes them. */
export const categoryWords: Record<string, FilmCategory> = Object.fromEntries([
  ...filmCategories.map((c) => [c, c] as const),
  ...filmCategories.map((c) => [categoryNamesZh[c], c] as const),
  ['科普片', 'science'],
  ['科教', 'science'],
  ['故事', 'feature'],
  ['纪录', 'documentary'],
  ['戏曲', 'opera'],
  ['少儿', 'children'],
  ['儿童片', 'children'],
  ['动画片', 'children'],
  ['其它', 'other'],
]);

/** Themes in one cell: separated by ; or 、 (either width), or a full-width comma. */
export const splitThemes = (cell: string): string[] => [
  ...new Set(
    cell
      .split(/[;；、，]/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

const reader = headerReader(filmColumns, filmHeaderNames);
/** What a catalogue file's header line means. */
export const readFilmHeaders = (record: readonly string[]) => reader.read(record);
