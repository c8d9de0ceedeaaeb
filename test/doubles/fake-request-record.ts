import { expect } from 'chai';
import type { OutcomeWrite, RequestRecord } from '../../src/domain/modules/financial/idempotency.port';
import type { FakeUnitOfWork } from './fake-unit-of-work';

/** A request's idempotency record: remembers what the operation wrote, and whether inside a transaction. */
export class FakeRequestRecord<Result> implements RequestRecord<Result> {
  readonly externalKey = 'downstream-key-1';
  completed: Result | null = null;
  completedInTransaction = false;
  /** Whether the outcome was written by complete() or by the posting statement (outcome().written()). */
  completedBy: 'complete' | 'posting' | null = null;
  checkpoints: (string | null)[] = [];

  constructor(
    private readonly uow: FakeUnitOfWork,
    readonly resumeFrom: string | null = null,
  ) {}

  async checkpoint(transactionId: string | null) {
    expect(this.uow.active, 'checkpoint inside a transaction').to.equal(true);
    this.checkpoints.push(transactionId);
  }

  async complete(result: Result) {
    this.completed = result;
    this.completedInTransaction = this.uow.active;
    this.completedBy = 'complete';
  }

  /** Counts as completed once the (stubbed) posting statement says it wrote it. */
  outcome(result: Result): OutcomeWrite {
    return {
      kind: 'complete',
      claim: { id: '1', token: 'token-1', recoveryPoint: this.resumeFrom },
      response: { status: 201, body: JSON.stringify({ result: 'stored' }), location: null },
      written: () => {
        this.completed = result;
        this.completedInTransaction = this.uow.active;
        this.completedBy = 'posting';
      },
    };
  }
}
