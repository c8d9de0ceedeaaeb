import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export interface LoggerSettings {
  level: string;
  name: string;
  /** How errors are written (the composition root passes one that masks CPFs); pino's own by default. */
  serializeError?: (error: Error) => unknown;
  /** Human-readable lines (pino-pretty) instead of JSON: for a developer's terminal, never for a collector. */
  pretty?: boolean;
}

/**
 * JSON lines; anything that could hold a secret is censored even if someone logs it by mistake.
 * `destination` defaults to stdout, written asynchronously: a line never waits for the terminal
 * or the pipe (SonicBoom coalesces what arrives while a write is in flight). What is still
 * buffered is written out by `logger.flush()` at shutdown and, synchronously, on process exit
 * (pino registers that), so a fatal error loses no line. Tests pass a stream to read what production would write.
 */
export function createLogger(options: LoggerSettings, destination?: DestinationStream): Logger {
  const config: LoggerOptions = {
    name: options.name,
    ...(options.serializeError ? { serializers: { err: options.serializeError } } : {}),
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
  return pino(config, destination ?? (options.pretty ? prettyStream() : undefined) ?? pino.destination({ dest: 1, sync: false }));
}

/** pino-pretty is a development dependency: an install without it (the container) keeps JSON lines. */
function prettyStream(): DestinationStream | undefined {
  try {
    require.resolve('pino-pretty');
  } catch {
    return undefined;
  }
  return pino.transport({ target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service,name' } });
}
