import type { ErrorCodesOf } from '../../shared/error-codes';
import type * as WebhookErrors from './webhook.errors';

/** Every code of webhook.errors.ts; webhook.problems.ts must give each a row (the compiler checks). */
export type WebhookErrorCode = ErrorCodesOf<typeof WebhookErrors>;
