// The header shared by the registry and reports pages (Chinese).
export const shellZhCN = {
  'shell.forbidden': '您的账号无权使用此页面。',
  'shell.loadFailed': '数据加载失败，请稍后再试。',
};
export type ShellMessages = Record<keyof typeof shellZhCN, string>;
