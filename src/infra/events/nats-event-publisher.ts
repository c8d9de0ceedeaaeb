import type { JetStreamClient, NatsConnection } from 'nats';
import { eventResource } from '../../domain/shared/event.resource';
import type { PublishedEvent } from '../../domain/shared/events.port';
import type { EventPublisher } from './event-publisher';

export const EVENTS_STREAM = 'FINCORE_EVENTS';
export const EVENTS_SUBJECT_PREFIX = 'fincore.events.';
const PUBLISH_TIMEOUT_MS = 5000;
const CONNECT_TIMEOUT_MS = 2000;

const encoder = new TextEncoder();

/**
 * Publishes each event to JetStream on `fincore.events.<type>` with the event's id as
 * `Nats-Msg-Id`: the stream drops a second copy of an id within its duplicate window, which is
 * what makes a republish after a crash harmless. Connects on first use and again after the
 * connection is lost; the stream is created (or its subjects put back) on each new connection.
 */
export class NatsEventPublisher implements EventPublisher {
  private connection: Promise<{ nc: NatsConnection; js: JetStreamClient }> | undefined;

  constructor(private readonly url: string) {}

  async publish(event: PublishedEvent): Promise<void> {
    const { js } = await this.connected();
    await js.publish(EVENTS_SUBJECT_PREFIX + event.type, encoder.encode(JSON.stringify(eventResource(event))), {
      msgID: event.id,
      timeout: PUBLISH_TIMEOUT_MS,
    });
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (!connection) return;
    const { nc } = await connection.catch(() => ({ nc: undefined }));
    await nc?.close();
  }

  private connected(): Promise<{ nc: NatsConnection; js: JetStreamClient }> {
    const current = this.connection;
    if (current) return current;
    const opening = this.open();
    this.connection = opening;
    // A failed connection is forgotten, so the next round tries again.
    opening.then(
      ({ nc }) => void nc.closed().then(() => this.forget(opening)),
      () => this.forget(opening),
    );
    return opening;
  }

  private forget(connection: Promise<unknown>): void {
    if (this.connection === connection) this.connection = undefined;
  }

  private async open(): Promise<{ nc: NatsConnection; js: JetStreamClient }> {
    // Loaded on first use: an instance without NATS_URL never pays for the client's module graph.
    const { connect } = await import('nats');
    const nc = await connect({ servers: this.url, timeout: CONNECT_TIMEOUT_MS, maxReconnectAttempts: -1, name: 'fincore-outbox' });
    try {
      await ensureStream(nc);
    } catch (error) {
      await nc.close();
      throw error;
    }
    return { nc, js: nc.jetstream() };
  }
}

/** The events stream, created when missing and given back its subjects when they were changed. */
export async function ensureStream(nc: NatsConnection): Promise<void> {
  const jsm = await nc.jetstreamManager();
  const subjects = [`${EVENTS_SUBJECT_PREFIX}>`];
  const info = await jsm.streams.info(EVENTS_STREAM).catch(() => undefined);
  if (!info) await jsm.streams.add({ name: EVENTS_STREAM, subjects });
  else if (info.config.subjects.join() !== subjects.join()) await jsm.streams.update(EVENTS_STREAM, { subjects });
}
