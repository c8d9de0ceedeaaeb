import type { IEventOutbox, NewEvent } from '../../src/domain/shared/events.port';

/** An outbox that keeps what it was given, for service tests without a database. */
export class RecordingOutbox implements IEventOutbox {
  readonly events: NewEvent[] = [];

  record(event: NewEvent): Promise<void> {
    this.events.push(event);
    return Promise.resolve();
  }

  types(): string[] {
    return this.events.map((event) => event.type);
  }
}
