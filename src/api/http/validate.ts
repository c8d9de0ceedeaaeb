import type { RequestHandler } from 'express';
import type Joi from 'joi';
import { HttpProblem } from '../problems/problem';

export interface RequestSchemas {
  body?: Joi.Schema;
  query?: Joi.Schema;
  params?: Joi.Schema;
}

const PARTS = ['params', 'query', 'body'] as const;

/**
 * Validates and normalises the request parts with joi; every failure of every part is reported at
 * once as a 400 with `errors[]`. Unknown fields are refused, never silently dropped.
 */
export function validate(schemas: RequestSchemas): RequestHandler {
  return (req, _res, next) => {
    const errors: { path: string; message: string }[] = [];
    for (const part of PARTS) {
      const schema = schemas[part];
      if (!schema) continue;
      const { value, error } = schema.validate(req[part] ?? {}, { abortEarly: false, errors: { wrap: { label: false } } });
      if (error) {
        errors.push(...error.details.map((d) => ({ path: [part, ...d.path].join('.'), message: d.message })));
      } else {
        // Express 4 lets us replace query; route params are a plain object too.
        (req as unknown as Record<string, unknown>)[part] = value;
      }
    }
    next(errors.length ? new HttpProblem('VALIDATION_FAILED', 'The request is invalid', errors) : undefined);
  };
}
