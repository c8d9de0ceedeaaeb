import BaseJoi from 'joi';
import { CONTROL_TEXT_MESSAGE, UNSAFE_TEXT_MESSAGE, hasControlCharacters, hasUnsafeCharacters } from '../../domain/shared/unsafe-text';

/**
 * joi with one change: every `Joi.string()` refuses control, invisible and text-direction
 * characters (src/domain/shared/unsafe-text.ts), so a new field is guarded without anyone
 * remembering to. `.secret()` relaxes that to control characters only, for passwords and client
 * secrets. Request schemas import Joi from here, never from 'joi'.
 */
export const Joi: typeof BaseJoi = BaseJoi.extend((joi) => ({
  type: 'string',
  base: joi.string(),
  messages: { 'string.unsafe': `{{#label}} ${UNSAFE_TEXT_MESSAGE}`, 'string.control': `{{#label}} ${CONTROL_TEXT_MESSAGE}` },
  validate(value: unknown, helpers) {
    if (typeof value !== 'string') return { value };
    if (helpers.schema.$_getFlag('secret')) {
      return hasControlCharacters(value) ? { value, errors: [helpers.error('string.control')] } : { value };
    }
    return hasUnsafeCharacters(value) ? { value, errors: [helpers.error('string.unsafe')] } : { value };
  },
  rules: {
    secret: {
      method() {
        return (this as unknown as BaseJoi.Schema).$_setFlag('secret', true);
      },
    },
  },
})) as typeof BaseJoi;

declare module 'joi' {
  interface StringSchema {
    /** Control characters are still refused; invisible and direction characters are allowed. */
    secret(): this;
  }
}
