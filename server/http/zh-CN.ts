import type { z } from 'zod';
import type { FieldError } from './field-error.js';

// The server's refusals in Chinese: one catalogue for every problem+json a client asked for in
// zh-CN (./language.ts). The English text stays the source (the code writes it, scripts match
// it); here it is said again: field messages exactly or by pattern, details by pattern, zod's own
// messages from the issue itself (zodMessageZh). A sentence not listed here is never shown in
// English to a Chinese reader: a message becomes 取值无效, a detail the status's own sentence with
// the fields it names. Field names, enum values, ids and codes stay as the API spells them.

export const titlesZh: Record<number, string> = {
  400: '请求有误',
  401: '未登录',
  403: '无权操作',
  404: '未找到',
  405: '不支持的方法',
  406: '无法提供所要的格式',
  409: '冲突',
  412: '记录已被修改',
  413: '内容过大',
  415: '不支持的内容类型',
  428: '缺少前提条件',
  429: '请求过多',
  500: '服务器内部错误',
  503: '服务暂不可用',
};

/** Field messages word for word. */
const exact: Record<string, string> = {
  required: '必填',
  'unknown field': '未知字段',
  'must not be empty': '不能为空',
  'expected a JSON object': '应为 JSON 对象',
  'malformed JSON': 'JSON 格式错误',
  'charset must be utf-8': '字符集必须为 UTF-8',
  'must be gzip, deflate, br or identity': '必须为 gzip、deflate、br 或 identity',
  'does not match the body': '与请求体不符',
  'must be application/json': '必须为 application/json',
  'must be identity': '必须为 identity',
  'must be a positive integer': '必须是正整数',
  'is too large': '数值过大',
  'must be a number': '必须是数字',
  'must be a whole number': '必须是整数',
  'must be 0 or more': '不能小于 0',
  'must be at least 0': '不能小于 0',
  'must be at least 1': '不能小于 1',
  'must be at most 5': '不能大于 5',
  'must be at most 1000': '不能大于 1000',
  'must be at most 1000000': '不能大于 1000000',
  'must be at least 8 characters': '至少 8 个字符',
  'must be at most 200 characters': '最多 200 个字符',
  'must be 1 to 50 characters': '1 到 50 个字符',
  'must be 1 to 100 characters': '应为 1 到 100 个字符',
  'must be 1 to 200 visible ASCII characters': '应为 1 到 200 个可见的 ASCII 字符',
  'letters, digits and . _ @ - only': '只能用字母、数字和 . _ @ -',
  'this username is taken': '这个用户名已被使用',
  'required for the partner role': '放映公司账号须选择所属公司',
  'only for the partner role': '只有放映公司账号才属于放映公司',
  'required for the partner role, and only for it': '放映公司账号必须指定所属公司，其他角色不能指定',
  'required for the projectionist role, and only for it': '放映员账号必须指定所属放映队，其他角色不能指定',
  'only for the bureau role': '只有文化局账号才有辖区',
  'only a bureau user has an area': '只有文化局账号才有所辖区域',
  'not your own account': '不能停用自己的账号',
  'the last admin': '不能停用最后一个可登录的管理员',
  'must be admin, bureau or partner': '必须为 admin、bureau 或 partner',
  'must be admin, bureau, partner or projectionist': '必须为 admin、bureau、partner 或 projectionist',
  'required for the projectionist role': '放映员须选择所属放映队',
  'only for the projectionist role': '只有放映员账号才属于放映队',
  "not the team's partner": '不是该放映队所属的公司',
  'a projectionist may not change this field': '放映员不能修改这一项',
  'a partner with this name exists': '已有同名的放映公司',
  'this partner already has a team with this name': '这家公司已有同名的放映队',
  'must be a phone number': '请填写电话号码（数字、空格和 + - ( )）',
  'no such village': '没有这个村',
  'no such partner': '没有这家放映公司',
  'no such team': '没有这个放映队',
  'no such film': '没有这部影片',
  // Programmes (DOMAIN.md "Films and programmes").
  'must be a list of film ids': '请填写影片编号的列表',
  'filmId and programme disagree: send one of them': 'filmId 与 programme 不一致：只填其中一项',
  'a film appears twice': '同一部影片出现了两次',
  'at most 6 films': '一场最多 6 部影片',
  'no such township': '没有这个乡镇',
  'no such screening': '没有这个放映场次',
  'no such area': '没有这个区划',
  'no such county': '没有这个县',
  'no such county in your area': '这个县不在您的辖区内',
  'must be a whole number of minutes': '请填写整数分钟',
  'must be between 1 and 1000': '应在 1 到 1000 之间',
  'must be feature, science or other': '必须为 feature、science 或 other',
  'must be feature, science, documentary, opera, children or other': '必须为 feature、science、documentary、opera、children 或 other',
  'must be a year between 1900 and 2100': '应为 1900 到 2100 之间的年份',
  'must be on or after availableFrom': '不能早于 availableFrom（起始日期）',
  'a film with this code exists': '已有影片使用这个编号',
  'must be a list of themes': '应为主题列表',
  'must be at most 20 themes': '最多 20 个主题',
  'must be at most 50 characters': '最多 50 个字符',
  'overlaps another contract of this partner for this county': '这家公司在这个县已有时间重叠的合同',
  'must be the from month or later': '终止月不能早于起始月',
  // Campaigns (server/campaigns).
  'must name at least one film': '至少选择一部影片',
  'must name at most 50 films': '最多选择 50 部影片',
  'names this film twice': '这部影片重复了',
  'must name an area inside yours': '请选择您辖区内的区划',
  'must be a month as YYYY-MM': '请填写月份（YYYY-MM）',
  'must be a date as YYYY-MM-DD': '应为 YYYY-MM-DD 格式的日期',
  'must be a time as HH:mm': '应为 HH:mm 格式的时间',
  'must be HH:MM-HH:MM': '应为 HH:MM-HH:MM 格式',
  'must be an ISO 8601 time, e.g. 2026-11-26T19:30+08:00': '应为 ISO 8601 时间，例如 2026-11-26T19:30+08:00',
  'is not a real date and time': '不是有效的日期时间',
  'is not a real date or time': '不是有效的日期或时间',
  'is not a real date': '不是有效的日期',
  'must be 1970 or later': '不能早于 1970 年',
  'must be before 3000': '必须早于 3000 年',
  'must be between 1970 and 2999': '应在 1970 到 2999 之间',
  'must not be in the future': '不能是将来的时间',
  'must be within the last year': '必须在一年以内',
  'not a known IANA time zone': '不是已知的 IANA 时区',
  'must be 9 digits': '必须是 9 位数字',
  'must be 12 digits': '必须是 12 位数字',
  'must be 2, 4 or 6 digits': '必须是 2、4 或 6 位数字',
  'must be 2 (province), 4 (prefecture) or 6 (county) digits': '必须是 2 位（省）、4 位（地市）或 6 位（县）数字',
  'must be 6 digits': '必须是 6 位数字',
  'must be 2 digits': '必须是 2 位数字',
  'must be 4 digits': '必须是 4 位数字',
  'must be between -90 and 90': '应在 -90 到 90 之间',
  'must be between -180 and 180': '应在 -180 到 180 之间',
  'must be between 0 and 10000000': '应在 0 到 10000000 之间',
  'a village page link collided with another; try again': '村页面链接与另一个重复，请重试',
  'must be a number of degrees': '必须是度数',
  'must be a number of metres': '必须是米数',
  'must be more than 0 metres': '必须大于 0 米',
  'must be at most 100000 metres': '不能超过 100000 米',
  'must be more than 0 and at most 100000 metres': '必须大于 0 米且不超过 100000 米',
  'must be a whole number from 1 to 5': '必须是 1 到 5 的整数',
  'must be report or arrival': '必须为 report 或 arrival',
  'must be administrative or natural': '必须为 administrative 或 natural',
  'must be scheduled, completed or cancelled': '必须为 scheduled、completed 或 cancelled',
  'must be covered, planned, overdue or gap': '必须为 covered、planned、overdue 或 gap',
  'must be province, prefecture or county': '必须为 province、prefecture 或 county',
  'must be province, prefecture, county or township': '必须为 province、prefecture、county 或 township',
  'must be accepted, rejected or null': '必须为 accepted、rejected 或 null',
  'must be accepted, rejected or none': '必须为 accepted、rejected 或 none',
  'must be verified, flagged or unverified, or several of them separated by commas': '必须为 verified、flagged 或 unverified，多个用逗号分隔',
  'must be true or false': '必须为 true 或 false',
  'must be true, false or all': '必须为 true、false 或 all',
  'must be 1, 0, true or false': '必须为 1、0、true 或 false',
  'must be json or csv': '必须为 json 或 csv',
  'must be json, csv or xlsx': '必须为 json、csv 或 xlsx',
  'must not contain U+0000 or a lone UTF-16 surrogate': '不能包含 U+0000 或不成对的 UTF-16 代理字符',
  'a township with this code exists': '已有使用此代码的乡镇',
  'a village with this code exists': '已有使用此代码的村',
  'an area with this code exists': '已有使用此代码的区划',
  'must be an administrative village of the same township': '必须是同一乡镇的行政村',
  'must be an administrative village': '必须是行政村',
  'must be in the same township': '必须在同一乡镇',
  'a natural village needs a parent; an administrative one has none': '自然村必须有所属行政村，行政村则没有',
  'a natural village needs its administrative village': '自然村必须指定所属行政村',
  'an administrative village has no parent': '行政村没有上级村',
  'a village cannot be its own parent': '村不能是自己的上级村',
  'has natural villages under it': '下面还有自然村',
  'no area above it: import its province or prefecture first': '缺少上级区划：请先导入其所属的省或地市',
  'a completed screening must have started already': '已完成的放映必须已经开始',
  'required for a completed screening': '已完成的放映必填',
  'required for a cancelled screening': '已取消的放映必填',
  'only a completed screening has an audience': '只有已完成的放映才有观众人数',
  'required to reject': '退回时必填',
  'already used with a different body': '已用于另一个不同的请求体',
  'must be a list of screening ids': '必须是放映场次编号的列表',
  'must name at least one screening': '至少要指定一个放映场次',
  'must name at most 1000 screenings': '最多指定 1000 个放映场次',
  'send at least one item': '至少要发送一项',
  'at most 2000 items at once': '一次最多 2000 项',
  'name at least one team, or leave teamIds out': '至少指定一个放映队，或不填 teamIds',
  'this calendar token is taken; try again': '该日历令牌已被占用，请重试',
  'does not parse': '无法解析',
  'it does not decode': '无法解码',
  'it is truncated or corrupt': '文件不完整或已损坏',
  'is not degrees, minutes and seconds': '不是度、分、秒',
  'is not a time of the form YYYY:MM:DD HH:MM:SS': '不是 YYYY:MM:DD HH:MM:SS 格式的时间',
  'the deployment already has another county': '本系统已有另一个县',
  'required: this code is not a known national division code': '必填：这个代码不是已知的全国区划代码',
  // Targets and the programme report (server/programmes)
  'must be a year from 2000 to 2100': '应为 2000 到 2100 之间的年份',
  'must be a number from 0 to 1, or null': '应为 0 到 1 之间的数，或 null',
  'give month or year, not both': 'month 和 year 只能给一个',
  // The village page (server/voice/public-schemas.ts, public.ts)
  'must be a list of 1 to 3 film ids': '应为 1 到 3 个影片编号的列表',
  'must name at most 3 films': '最多选 3 部影片',
  'must not name a film twice': '同一部影片不能选两次',
  'no screening of this village': '本村没有这场放映',
  'the screening was cancelled': '这场放映已取消',
  'the screening has not started yet': '这场放映还没有开始',
  // The printed 公示 (server/voice/poster.ts).
  'send exactly one of villageId and townshipId': '须且只能填写 villageId 与 townshipId 中的一项',
  // The villagers' voice, the bureau's side (server/voice: requests, reports, area settings)
  'must be new, looking or closed': '必须为 new、looking 或 closed',
  'must be not_held, late or other': '必须为 not_held、late 或 other',
  'must be text, or null': '应为文字，或 null',
  'required to close a report': '办结反映时必须填写处理说明',
  'must be a phone number of 3 to 40 characters: digits, spaces, hyphens, parentheses and a leading +': '应为 3 到 40 个字符的电话号码：数字、空格、连字符、括号，开头可有 +',
  // issue 22 sign-off (server/periods)
  'must be open, submitted, returned, approved or locked': '必须为 open、submitted、returned、approved 或 locked',
  'must be submit, approve, return or reopen': '必须为 submit、approve、return 或 reopen',
  'has not ended': '尚未结束',
  'not yours to submit this month': '本月不由贵公司报送',
  'submitted by you': '贵公司已报送',
  'submitted by its partners': '由放映公司各自报送',
  'required to return a month': '退回时必须填写理由',
  'required to reopen a month': '重新打开时必须填写理由',
  // issue 22 statements: the money settings (server/voice/bureau-schemas.ts) and the statements (server/statements)
  'must be an amount in yuan, 0 to 1000000, with at most two decimals': '应为 0 到 1000000 元的金额，最多两位小数',
  "must be the four levels' shares (central, province, prefecture, county), each 0 to 1, summing to 1": '应为中央、省、市、县四级的分担比例，每项 0 到 1，合计为 1',
  'must be a whole number from 1 to 366': '应为 1 到 366 的整数',
  'must be month, quarter or half': '必须为 month、quarter 或 half',
  'required: name at least one setting': '必填：至少填写一项设置',
  'must be a round: YYYY-Qn, YYYY-Hn or YYYY-MM': '应为结算周期，如 2026-Q1（季度）、2026-H1（半年）或 2026-03（月）',
  'must be a county': '必须是县级区划',
};

type Say = (...g: string[]) => string;

/** Field messages with values in them. */
const patterns: [RegExp, Say][] = [
  [/^must be at most (\d+) characters$/, (n) => `最多 ${n} 个字符`],
  [/^must be at least (\d+) characters$/, (n) => `至少 ${n} 个字符`],
  [/^must be at most (-?[\d.]+)°$/, (n) => `不能超过 ${n}°`],
  [/^must be between (-?[\d.]+) and (-?[\d.]+)$/, (a, b) => `应在 ${a} 到 ${b} 之间`],
  [/^must be a level below (\w+)$/, (l) => `必须是 ${l} 以下的级别`],
  [/^must be one of (.+)$/, (list) => `必须为以下之一：${list}`],
  [/^must be ([\w/+.-]+(?:, [\w/+.-]+)*)$/, (list) => `必须为 ${list}`],
  [/^must be ([\w/+.-]+) or ([\w/+.-]+)$/, (a, b) => `必须为 ${a} 或 ${b}`],
  [/^must begin with the code of its county(?: \((\d+)\))?$/, (c) => (c ? `必须以所属县的代码（${c}）开头` : '必须以所属县的代码开头')],
  [/^the screening is (\w+)$/, (s) => `该场次的状态是 ${s}`],
  [/^your company holds no contract for this village's county in (\S+)$/, (m) => `贵公司在 ${m} 没有这个村所在县的合同`],
  [/^the village was retired on (.+)$/, (d) => `这个村已于 ${d} 停用`],
  [/^at most (\d+) photos a screening$/, (n) => `每场最多 ${n} 张照片`],
  [/^more than (\d+) bytes$/, (n) => `超过 ${n} 字节`],
  [/^less than (\d+) hours from another screening of this team$/, (n) => `与该队的另一场放映相隔不到 ${n} 小时`],
  [/^must lie in (\S+)$/, (m) => `必须在 ${m} 内`],
  [/^in the slot of (\S+) of the same team$/, (p) => `与同一放映队的 ${p} 时间冲突`],
  [/^already has a screening in (\S+)$/, (m) => `${m} 已有放映`],
  [/^at most (\d+) films$/, (n) => `最多 ${n} 部影片`],
  [/^film (\d+) is in screening (\d+) of this village on (\S+), less than (\d+) days away$/, (f, o, d, n) => `影片 ${f} 已在本村 ${d} 的放映场次 ${o} 中，相隔不到 ${n} 天`],
  [/^film (\d+) is in a screening of another partner of this village on (\S+), less than (\d+) days away$/, (f, d, n) => `影片 ${f} 已在本村 ${d} 另一家放映公司的放映中，相隔不到 ${n} 天`],
  [/^it is (\d+)×(\d+) pixels, more than (\d+) megapixels$/, (w, h, n) => `图片为 ${w}×${h} 像素，超过 ${n} 百万像素`],
  // The village page (server/voice/public.ts)
  [/^not in the catalogue licensed today: ([\d, ]+)$/, (ids) => `不在今天可放映的片目中：${ids}`],
  [/^the screening started more than (\d+) days ago$/, (n) => `这场放映已是 ${n} 天以前的了`],
  // issue 22 sign-off (server/periods)
  [/^is (open|submitted|returned|approved|locked)$/, (st) => `当前状态为 ${st}`],
  [/^screening (\d+) in (.+) on (\S+ \S+) \((.+)\) is still scheduled$/s, (id, v, t, team) => `${v} ${t} 的放映场次 ${id}（${team}）仍是计划状态`],
  [/^(\d+)\/(\d{4}-\d{2}) is locked$/, (c, m) => `县 ${c} 的 ${m} 已锁定`],
  // issue 22 statements
  [/^not locked \((\w+)\)$/, (st) => `尚未锁定（${st}）`],
];

const FALLBACK_FIELD = '取值无效';

/** A message as the pages show it: a sentence, ending in 。 */
export const sentence = (text: string) => (/[。？！]$/.test(text) ? text : `${text}。`);

/** A field message in Chinese: from the catalogue, else a plain "the value is not valid". */
export function fieldMessageZh(message: string): string {
  const known = exact[message];
  if (known) return sentence(known);
  for (const [re, say] of patterns) {
    const m = re.exec(message);
    if (m) return sentence(say(...m.slice(1)));
  }
  return sentence(/[\u4e00-\u9fff]/.test(message) ? message : FALLBACK_FIELD);
}

/** The names the details give records (notFound's `what`). */
const things: Record<string, string> = {
  // issue 22 statements
  Statement: '结算单',
  County: '县',
  Area: '区划',
  Calendar: '日历',
  'Confirmation link': '确认链接',
  Contract: '合同',
  Partner: '放映公司',
  Photo: '照片',
  Screening: '放映场次',
  Team: '放映队',
  Township: '乡镇',
  Unit: '村',
  User: '用户',
  Village: '村',
  Film: '影片',
  Campaign: '活动',
  // The village page (server/voice)
  'Village page': '村页面',
  'Villager report': '群众反映',
};

const paths = (list: string) => list.replace(/\(root\)/g, '（请求体）');

/** Details with values in them; `f` says a field message in Chinese. */
const detailPatterns: [RegExp, Say][] = [
  [/^Invalid (body|query|path parameter|screening|items|teamIds|ids): (.+)\.$/, (what, list) => `${{ body: '请求体', query: '查询参数', 'path parameter': '路径参数', screening: '放映场次', items: '条目', teamIds: 'teamIds', ids: 'ids' }[what] ?? what}有误：${paths(list)}。`],
  [/^Invalid path parameter: id \(not valid percent-encoded UTF-8\)\.$/, () => '路径参数 id 不是有效的百分号编码 UTF-8。'],
  [/^([\w.]+): (.+?)\.?$/, (path, message) => `${path}：${fieldMessageZh(message)}`],
  [/^(.+?) (\d+) not found\.$/, (what, id) => `找不到${things[what] ?? '记录'} ${id}。`],
  [/^(.+?) not found\.$/, (what) => `找不到${things[what] ?? '记录'}。`],
  [/^No route (\w+) (\S+)\.$/, (method, path) => `没有 ${method} ${path} 这个接口。`],
  [/^Nothing at (\S+)\.$/, (path) => `${path} 处没有内容。`],
  [/^Too many failed sign-ins; try again in (\d+) s\.$/, (s) => `登录失败次数过多，请 ${s} 秒后再试。`],
  [/^Too many requests from this address; try again in (\d+) s\.$/, (s) => `该地址请求过多，请 ${s} 秒后再试。`],
  [/^Something went wrong on our side; the request id is (.+)\.$/, (id) => `服务器出错了，请求编号 ${id}。`],
  [/^A photo may be at most ([\d.]+) MB\.$/, (n) => `照片最大 ${n} MB。`],
  [/^The screening has changed \(now version (\d+)\); reload it and apply your change again\.$/, (v) => `该场次已被修改（当前版本 ${v}），请刷新后重新修改。`],
  [/^You edited version (\d+), but the screening is now at version (\d+); reload it\.$/, (a, b) => `您修改的是版本 ${a}，但该场次已是版本 ${b}，请刷新。`],
  [/^Screening (\d+) has its (\d+) photos already/, (id, n) => `放映场次 ${id} 已有 ${n} 张照片，未保存。`],
  [/^This village has (\d+) natural villages; move or retire them before it becomes natural\.$/, (n) => `这个村下面有 ${n} 个自然村，请先移走或停用它们。`],
  [/^This village has (\d+) natural villages; move them with it first\.$/, (n) => `这个村下面有 ${n} 个自然村，请先一起移走。`],
  [/^This partner already holds contract (\d+) for this county from (\S+) to (.+?)\.?$/, (id, from) => `该公司已有本县从 ${from} 起的合同 ${id}，时段重叠。`],
  [/^Confirmations are taken from (.+) to (.+)\.$/, (a, b) => `只在 ${a} 到 ${b} 之间接受确认。`],
  [
    /^Film (\d+) \((.*)\) is in the programme of screening (\d+) of the same village on (\S+), less than (\d+) days away; send a repeatReason to show it again\.$/s,
    (f, title, o, d, n) => `影片 ${f}（${title}）已在同一村 ${d} 的放映场次 ${o} 的节目中，相隔不到 ${n} 天；如需再次放映，请填写 repeatReason。`,
  ],
  [
    /^Film (\d+) \((.*)\) is in the programme of a screening of another partner of the same village on (\S+), less than (\d+) days away; send a repeatReason to show it again\.$/s,
    (f, title, d, n) => `影片 ${f}（${title}）已在同一村 ${d} 另一家放映公司的放映节目中，相隔不到 ${n} 天；如需再次放映，请填写 repeatReason。`,
  ],
  [/^The team already has /, () => '该放映队在这个时间附近已有放映：同一放映队的两场放映至少相隔 3 小时。'],
  [/^The deployment already has the county (\d+): one county is named once\.$/, (code) => `本系统已有县 ${code}：县只能命名一次。`],
  [/^The deployment already has several counties: one county is named once\.$/, () => '本系统已有多个县：县只能命名一次。'],
  [/^The code's ([\d and]+) are not national division codes this server knows: give their names\.$/, (codes) => `${codes.replace(/ and /g, '、')} 不是本系统已知的全国区划代码：请填写其名称。`],
  [/^A projectionist reports a screening's status, audience, cancel reason and notes; (.+) (?:is|are) for the partner to change\.$/, (fields) => `放映员只能上报放映的状态、观众人数、未放原因和备注；${fields} 由放映公司修改。`],
  [/^Nothing was imported: (\d+) problems? in the file\./, (n) => `没有导入任何内容：文件中有 ${n} 处问题。`],
  [/^Nothing was accepted: (\d+) unknown/, () => '一场也没有通过：有不存在的放映场次。'],
  // issue 22 sign-off (server/periods, server/http/problem.ts periodLocked)
  [/^The month is (\w+): it cannot be (submitted|approved|returned|reopened) now\.$/, (st, verb) => `该月当前状态为 ${st}，现在不能${{ submitted: '报送', approved: '审核通过', returned: '退回', reopened: '重新打开' }[verb]}。`],
  [/^The month waits for the (\w+) bureau's approval\.$/, (l) => `该月等待${{ county: '县级', prefecture: '市级', province: '省级' }[l] ?? l}主管部门审核。`],
  [/^(\d+) screening\(s\) of the month are still scheduled: each is reported \(completed or cancelled\) before the month is approved\.$/, (n) => `该月还有 ${n} 场放映是计划状态：每场上报（已放映或未放映）后才能审核通过。`],
  [/^(\d+) screening\(s\) of the month are still scheduled: report each \(completed or cancelled\) before submitting\.$/, (n) => `该月还有 ${n} 场放映是计划状态：请先逐场上报（已放映或未放映）再报送。`],
  [/^The month (\S+) has not ended in the county's zone: it is submitted from (\S+)\.$/, (m, t) => `${m} 在本县时区尚未结束：${t} 起才能报送。`],
  [/^Your teams screened nothing in this county in (\S+): the month is submitted by (.+)\.$/s, (m, names) => `贵公司的放映队 ${m} 在本县没有放映：该月由 ${names} 报送。`],
  [/^Your company holds no contract for this county in (\S+)\.$/, (m) => `贵公司在 ${m} 没有本县的合同。`],
  [/^Partners screened in this county in (\S+): each submits its own \((.+)\)\.$/s, (m, names) => `${m} 有放映公司在本县放映：由各公司分别报送（${names}）。`],
  [/^The month (\S+) of county (\d+) is signed off and locked: /, (m, c) => `县 ${c} 的 ${m} 已审核锁定：在主管部门重新打开之前，其放映、证据和审核结论都不能修改。`],
  // issue 22 statements
  [/^Every month of the round must be locked before its statement is issued: (.+) (?:is|are) not\.$/, (months) => `结算周期内的每个月都锁定后才能出具结算单：${months.replace(/, /g, '、')} 尚未锁定。`],
];

const detailsExact: Record<string, string> = {
  'The request body must be a JSON object.': '请求体必须是 JSON 对象。',
  'The body is not valid JSON.': '请求体不是有效的 JSON。',
  'The body is larger than this route accepts (1 MB for JSON).': '请求体超过该接口允许的大小（JSON 为 1 MB）。',
  'Send the body as UTF-8 JSON.': '请以 UTF-8 JSON 发送请求体。',
  'Send the body as it is, or compressed with gzip, deflate or br.': '请直接发送请求体，或用 gzip、deflate、br 压缩。',
  'The body does not decompress as its Content-Encoding says.': '请求体无法按 Content-Encoding 解压。',
  'The request was aborted.': '请求被中断。',
  'A value is malformed or out of range.': '有取值格式错误或超出范围。',
  'A value is out of range.': '有取值超出范围。',
  'A referenced record does not exist.': '引用的记录不存在。',
  'A record with these values exists.': '已有相同取值的记录。',
  'This conflicts with an existing record.': '与现有记录冲突。',
  'Other records still refer to this one; it cannot be removed or changed this way.': '还有其他记录引用它，不能这样删除或修改。',
  'Sign in first.': '请先登录。',
  'Wrong username or password.': '用户名或密码错误。',
  'This account is disabled; ask an administrator.': '该账号已停用，请联系管理员。',
  'Your role may not do this.': '您的角色无权这样操作。',
  'A partner manages its own teams only.': '放映公司只能管理自己的放映队。',
  "A projectionist's account works its team's phone page (/report) only.": '放映员账号只能使用本队的放映回报页（/report）。',
  "A partner creates the projectionists of its own teams; other accounts are the admin's.": '放映公司只能为自己的放映队创建放映员账号，其他账号由管理员创建。',
  'Teams are managed by their partner.': '放映队由其所属公司管理。',
  'Cross-origin request refused: send an Origin header matching this server.': '拒绝跨站请求：请发送与本服务器一致的 Origin。',
  'A completed screening is never deleted; correct it instead (PATCH), and the audit log keeps both versions.': '已完成的放映不能删除，请改正它，审计日志会保留两个版本。',
  'Only a completed screening is reviewed.': '只有已完成的放映才能审核。',
  'Nothing was accepted: only completed screenings are reviewed.': '一场也没有通过：只有已完成的放映才能审核。',
  'Some villages were given a screening since the draft was made; draft again.': '草稿生成后已有村排了放映，请重新生成草稿。',
  'The last admin who can sign in cannot be disabled.': '不能停用最后一个可登录的管理员。',
  'You cannot disable your own account.': '不能停用自己的账号。',
  'This Idempotency-Key was used with a different request body.': '该 Idempotency-Key 已用于另一个不同的请求体。',
  'Idempotency-Key must be 1 to 200 visible ASCII characters.': 'Idempotency-Key 应为 1 到 200 个可见的 ASCII 字符。',
  'This phone has already confirmed this screening.': '这部手机已确认过这场放映。',
  'This screening is cancelled: it takes no evidence.': '这场放映已取消，不再接收证据。',
  'This screening was cancelled: there is nothing to confirm.': '这场放映已取消，无需确认。',
  'Send the photo as it is: an image is compressed already.': '请直接发送照片：图片本身已经压缩。',
  'format must be json or csv.': 'format 必须为 json 或 csv。',
  // issue 22 statements
  'An issued statement never changes: issue the round again to supersede it.': '已出具的结算单不能修改：请重新出具该周期的结算单以替代它。',
  // The village page (server/voice/public-routes.ts)
  'A village page sends at most 4 KB of JSON.': '村页面提交的内容最多 4 KB（JSON）。',
  // issue 22 sign-off (server/periods)
  'Your company has submitted this month already.': '贵公司已报送过这个月。',
  'Only a bureau approves a month.': '只有主管部门可以审核通过。',
  'Only a bureau returns a month.': '只有主管部门可以退回。',
  'Only a bureau reopens a month.': '只有主管部门可以重新打开一个月。',
  'A month no partner screened in is submitted by the county bureau.': '没有放映公司放映的月份由县级主管部门报送。',
};

/** What each status says when the catalogue has no sentence for a detail. */
const statusSentence: Record<number, string> = {
  400: '请求有误。',
  401: '请先登录。',
  403: '您的角色无权这样操作。',
  404: '找不到所要的记录。',
  409: '与现有记录冲突。',
  412: '记录已被修改，请刷新后再试。',
  413: '内容过大。',
  415: '不支持的内容类型。',
  429: '请求过多，请稍后再试。',
};

/** A detail in Chinese: from the catalogue, else the status's sentence and the fields it names. */
export function detailZh(status: number, detail: string, errors: readonly FieldError[]): string {
  const known = detailsExact[detail];
  if (known) return known;
  for (const [re, say] of detailPatterns) {
    const m = re.exec(detail);
    if (m) return say(...m.slice(1));
  }
  if (/[\u4e00-\u9fff]/.test(detail) && !/[a-z]{3,} [a-z]{3,}/.test(detail)) return detail;
  const sentence = statusSentence[status] ?? titlesZh[status] ?? '请求未能完成。';
  const named = errors.map((e) => e.path).filter(Boolean);
  return named.length ? `${sentence.replace(/。$/, '')}：${named.join('、')}。` : sentence;
}

const typesZh: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  bigint: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
  null: 'null',
  undefined: '空',
  date: '日期',
  nan: '数字',
};

const typeZh = (t: unknown) => typesZh[String(t)] ?? '其他类型';

/** zod's own message for an issue, in Chinese (the schemas' own messages go through fieldMessageZh). */
export function zodMessageZh(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必填';
      return `应为${typeZh(issue.expected)}`;
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `最多 ${max} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      return issue.inclusive ? `不能大于 ${max}` : `必须小于 ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return min === '1' ? '不能为空' : `至少 ${min} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少 ${min} 项`;
      return issue.inclusive ? `不能小于 ${min}` : `必须大于 ${min}`;
    }
    case 'invalid_value':
      return `必须为以下之一：${issue.values.map(String).join('、')}`;
    case 'invalid_format':
      return issue.format === 'datetime' ? '应为 ISO 8601 日期时间' : issue.format === 'date' ? '应为 YYYY-MM-DD 格式的日期' : '格式不正确';
    case 'not_multiple_of':
      return `必须是 ${String(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return '未知字段';
    default:
      return FALLBACK_FIELD;
  }
}
