import { expect } from 'chai';
import { CONSOLE_OPERATOR } from '../../../../src/domain/modules/auth/principal';
import { KnexUnitOfWork } from '../../../../src/infra/database/knex/knex-unit-of-work';
import { WebhookTargetGuard } from '../../../../src/infra/adapters/webhook/webhook-target.guard';
import { KnexWebhookDeliveryRepository } from '../../../../src/infra/database/knex/modules/webhook/knex-webhook-delivery.repository';
import { WebhookService } from '../../../../src/infra/services/webhook/webhook.service';
import { useMigratedDatabase, usingPostgres } from '../../../helpers/database';
import { T0, anEvent, webhookWorld } from './webhook-world';

(usingPostgres() ? describe : describe.skip)('disabling an endpoint while events are handed over, on PostgreSQL (PGlite runs one transaction at a time)', () => {
  const database = useMigratedDatabase();

  it('the disable waits for the hand-over in progress, then fails what it queued: nothing is left pending for a disabled endpoint', async () => {
    const world = webhookWorld(database.db);
    const endpoint = await world.endpoint('http://127.0.0.1:1/hook');
    const uow = new KnexUnitOfWork(world.context);
    const service = new WebhookService(world.endpoints, new KnexWebhookDeliveryRepository(world.context), new WebhookTargetGuard({ httpsOnly: false, allowPrivate: true }), uow, { now: () => T0 }, { record: () => undefined });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let queued!: () => void;
    const handedOver = new Promise<void>((resolve) => (queued = resolve));

    const dispatcher = uow.transaction(async () => {
      await world.fanOut.accept([anEvent(), anEvent()]);
      queued();
      await held;
    });
    await handedOver;
    let disabled = false;
    const disabling = service.disable(CONSOLE_OPERATOR, endpoint.id).then((result) => {
      disabled = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(disabled, 'the disable waits on the hand-over').to.equal(false);
    release();
    await dispatcher;
    expect((await disabling).status).to.equal('disabled');

    const rows = await world.rows(endpoint.id);
    expect(rows).to.have.length(2);
    expect(rows.map((row) => [row.status, row.last_error])).to.deep.equal([['failed', 'endpoint disabled'], ['failed', 'endpoint disabled']]);
  });
});
