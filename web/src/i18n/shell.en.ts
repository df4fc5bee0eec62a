import type { ShellMessages } from './shell.zh-CN.js';

export const shellEn: ShellMessages = {
  'shell.forbidden': 'Your account may not use this page.',
  'shell.loadFailed': 'Could not load the data; try again later.',
};
