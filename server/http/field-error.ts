/** One bad field: `path` names it the way the client sent it (`townshipId`, `items.3.startsAt`). */
export interface FieldError {
  path: string;
  message: string;
  /** The message in Chinese where it was made with the error (zod's own); else ./zh-CN.ts says it. Never sent as a field. */
  messageZh?: string;
}
