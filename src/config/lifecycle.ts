/** Process-wide shutdown state, read by readiness and by the keep-alive handling. */
export class Lifecycle {
  private shuttingDown = false;

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  isShuttingDown(): boolean {
    return this.shuttingDown;
  }
}
