import type { IUnitOfWork } from '../../src/domain/shared/unit-of-work.port';

/** Records whether work runs inside it and how many transactions began; a failure propagates, as a rollback would. */
export class FakeUnitOfWork implements IUnitOfWork {
  transactions = 0;
  active = false;

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    this.transactions++;
    this.active = true;
    try {
      return await work();
    } finally {
      this.active = false;
    }
  }
}
