/**
 * Tells the dispatcher of this process that an event it recorded has just committed, so that it
 * dispatches now instead of at its next poll. Only a hint: the poll finds every event anyway.
 */
export class OutboxSignal {
  private listener: (() => void) | undefined;

  listen(listener: (() => void) | undefined): void {
    this.listener = listener;
  }

  committed(): void {
    this.listener?.();
  }
}
