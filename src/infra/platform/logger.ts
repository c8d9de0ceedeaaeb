import pino, { type Logger } from 'pino';

/** JSON lines; anything that could hold a secret is censored even if someone logs it by mistake. */
export function createLogger(options: { level: string; name: string }): Logger {
  return pino({
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
  });
}
