import pino, { type Logger } from 'pino';

/**
 * The structured JSON logger (pino). Secrets never reach it: authorization headers and tokens are redacted.
 *
 * @example
 * const logger = createLogger('info'); logger.info({ tenant_id }, 'ingested');
 */
export function createLogger(level: string, name = 'tutorgraph'): Logger {
  return pino({
    name,
    level,
    base: { service: name },
    redact: { paths: ['req.headers.authorization', '*.token', '*.password', '*.secret'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
