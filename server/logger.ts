import { pino } from 'pino';

export function createLogger(level: string) {
  return pino({ level, base: { service: 'film2131' }, redact: ['req.headers.authorization', 'req.headers.cookie'] });
}
