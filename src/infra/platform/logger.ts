import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/**
 * JSON lines; anything that could hold a secret is censored even if someone logs it by mistake.
 * `destination` defaults to stdout; tests pass a stream to read what production would write.
 */
export function createLogger(options: { level: string; name: string }, destination?: DestinationStream): Logger {
  const config: LoggerOptions = {
    name: options.name,
    level: options.level,
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'headers.authorization',
        '*.password',
        '*.passwordHash',
        '*.password_hash',
        '*.token',
        '*.accessToken',
        '*.refreshToken',
        '*.idToken',
        '*.clientSecret',
        '*.client_secret',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(config, destination) : pino(config);
}
