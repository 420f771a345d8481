import pino, { type DestinationStream, type Logger } from 'pino';

/** JSON logs on stdout (or `destination`, where tests read them); secrets that could reach a log line are redacted. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', '*.password', '*.token'], censor: '[redacted]' },
    },
    destination,
  );
}
