import { injectable } from 'inversify';
import type { IClock } from '../../domain/shared/clock.port';

@injectable()
export class SystemClock implements IClock {
  now(): Date {
    return new Date();
  }
}
