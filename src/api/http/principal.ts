import type { Response } from 'express';
import { UnauthenticatedError } from '../../domain/modules/auth/auth.errors';
import type { Principal } from '../../domain/modules/auth/principal';

/** The authenticated caller of this request (set by the authenticate middleware). */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new UnauthenticatedError();
  return principal;
}

/** Null on anonymous requests (routes open to anyone, such as self sign-up). */
export function optionalPrincipalOf(res: Response): Principal | null {
  return (res.locals.principal as Principal | undefined) ?? null;
}
