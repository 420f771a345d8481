import pino, { type Logger } from 'pino';

/** JSON logs on stdout; secrets that could reach a log line are redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
  });
}
