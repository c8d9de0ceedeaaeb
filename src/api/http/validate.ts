import type { Request, RequestHandler } from 'express';
import type Joi from 'joi';
import { HttpProblem } from '../problems/problem';

export interface RequestSchemas {
  body?: Joi.Schema;
  query?: Joi.Schema;
  params?: Joi.Schema;
}

/** What a schema produces once joi has converted the input: the type it was declared with. */
type SchemaValue<S> = S extends { validate(value: unknown, options?: Joi.ValidationOptions): Joi.ValidationResult<infer T> } ? T : never;

/** The validated parts of a request, typed by the schemas that validated them. */
export type Validated<S extends RequestSchemas> = { [P in keyof S]-?: SchemaValue<S[P]> };

/** The route middleware, and the way back to the values it converted. */
export interface RequestValidator<S extends RequestSchemas> extends RequestHandler {
  /** The converted parts of a request this validator accepted; throws (a 500) on any other request. */
  of(req: Request): Validated<S>;
}

const PARTS = ['params', 'query', 'body'] as const;

const OPTIONS: Joi.ValidationOptions = { abortEarly: false, errors: { wrap: { label: false } } };

/**
 * Validates and normalises the request parts with joi; every failure of every part is reported at
 * once as a 400 with `errors[]`. Unknown fields are refused, never silently dropped.
 *
 * The action reads joi's converted values through `of(req)`, typed by the schemas, so the schema is
 * the one declaration of a request's shape (trimmed strings, defaults, amounts as bigint). They are
 * also written back to `req[part]`: the idempotency hash and the route path read them there.
 */
export function validate<S extends RequestSchemas>(schemas: S): RequestValidator<S> {
  const accepted = new WeakMap<Request, Validated<S>>();
  // The options are joined to each schema once: passed to validate(), joi merges them anew on every call.
  const prepared = PARTS.flatMap((part) => (schemas[part] ? [{ part, schema: schemas[part].prefs(OPTIONS) }] : []));
  const middleware: RequestHandler = (req, _res, next) => {
    const errors: { path: string; message: string }[] = [];
    const values: Record<string, unknown> = {};
    for (const { part, schema } of prepared) {
      const { value, error } = schema.validate(req[part] ?? {});
      if (error) {
        errors.push(...error.details.map((d) => ({ path: [part, ...d.path].join('.'), message: d.message })));
      } else {
        values[part] = value;
        // Express 4 lets us replace query; route params are a plain object too.
        (req as unknown as Record<string, unknown>)[part] = value;
      }
    }
    if (errors.length) {
      next(new HttpProblem('VALIDATION_FAILED', 'The request is invalid', errors));
      return;
    }
    accepted.set(req, values as Validated<S>);
    next();
  };
  return Object.assign(middleware, {
    of(req: Request): Validated<S> {
      const values = accepted.get(req);
      // A defect, not a client error: the action reads a validator its route does not run.
      if (values === undefined) throw new Error('The action read a request validator that its route did not run');
      return values;
    },
  });
}
