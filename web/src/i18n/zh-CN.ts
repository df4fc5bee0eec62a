// Chinese (the default). Every piece of text a person reads on the pages lives here and in en.ts.
// `{name}` marks a value filled in at run time.
export const zhCN = {
  'app.title': '农村电影放映覆盖图',
  'app.subtitle': '2131 工程 · 一村一月一场电影',
  'lang.switch': 'English',
  'lang.switchLabel': '切换到英文',

  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.busy': '正在登录…',
  'login.wrong': '用户名或密码错误。',
  'login.tooMany': '失败次数过多，请稍后再试。',
  'login.failed': '登录失败，请稍后再试。',

  'nav.signOut': '退出',
  'nav.signedInAs': '当前用户：{name}',
  'nav.label': '页面',
  'nav.map': '覆盖图',
  'nav.plan': '月度排期',
  'nav.report': '放映上报',
  'nav.registry': '村庄名录',
  'nav.reports': '报表',

  'month.label': '月份',
  'month.prev': '上个月',
  'month.next': '下个月',
  'month.current': '本月',
  'level.label': '统计单位',
  'level.administrative': '行政村',
  'level.natural': '自然村',
  'kind.administrative': '行政村',
  'kind.natural': '自然村',
  'township.label': '乡镇',
  'township.all': '全部乡镇',

  'status.covered': '已放映',
  'status.planned': '已排期',
  'status.overdue': '逾期未报',
  'status.gap': '盲点',
  'status.none': '本月不计',

  'legend.title': '{month}放映情况',
  'legend.total': '合计 {units} 个，覆盖率 {coverage}',
  'legend.covered.hint': '小实心圆',
  'legend.planned.hint': '空心圆环',
  'legend.overdue.hint': '虚线圆环',
  'legend.gap.hint': '大圆、深色粗边',

  'panel.townships': '各乡镇覆盖率（低者在前）',
  'panel.townshipRow': '{name}：{covered}/{units}，{coverage}',
  'panel.gaps': '盲点村（{count}）',
  'panel.noGaps': '本月没有盲点。',
  'panel.more': '另有 {count} 个未列出',
  'panel.search': '按名称或代码查找村',
  'panel.searchPlaceholder': '村名或代码',
  'panel.noMatch': '没有找到。',
  'panel.clearTownship': '显示全部乡镇',

  'popup.loading': '正在加载…',
  'popup.failed': '加载失败。',
  'popup.township': '乡镇',
  'popup.kind': '类型',
  'popup.code': '代码',
  'popup.status': '本月状态',
  'popup.screenings': '本月放映',
  'popup.noScreenings': '本月没有放映安排。',
  'popup.last': '上一次完成的放映',
  'popup.never': '没有记录',
  'popup.audience': '{count} 人',
  'popup.by': '{team}',

  'screening.scheduled': '已排期',
  'screening.completed': '已完成',
  'screening.cancelled': '已取消',

  'map.tilesUnavailable': '底图无法加载，仅显示村点位。',
  'map.loading': '正在加载…',
  'map.loadFailed': '数据加载失败，稍后会自动重试。',
  'map.updated': '更新于 {time}',
  'map.label': '村点位地图',

  'print.title': '{month} 农村电影放映覆盖情况',
};

export type Messages = typeof zhCN;
export type MessageKey = keyof Messages;
