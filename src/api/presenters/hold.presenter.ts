import type { Hold } from '../../domain/modules/financial/hold.entity';
import { type HoldResource, holdResource } from '../../domain/modules/financial/hold.resource';

/** The same JSON as the hold's events carry: one declaration, in the domain. */
export type HoldResponse = HoldResource;
export const presentHold = holdResource;

/** The 201 of a placed hold, located at its own URL. */
export function createdHold(hold: Hold): { status: number; body: HoldResponse; location: string } {
  return { status: 201, body: presentHold(hold), location: `/v1/holds/${hold.id}` };
}

/** A capture or void answers the resolved hold. */
export function resolvedHold(hold: Hold): { status: number; body: HoldResponse; location: null } {
  return { status: 200, body: presentHold(hold), location: null };
}
