import { AsyncLocalStorage } from 'node:async_hooks';
import type { IRequestContext, RequestContext } from '../../domain/shared/request-context.port';

export class AsyncRequestContext implements IRequestContext {
  private readonly storage = new AsyncLocalStorage<RequestContext>();

  run<T>(context: RequestContext, work: () => T): T {
    return this.storage.run(context, work);
  }

  current(): RequestContext | undefined {
    return this.storage.getStore();
  }
}
