import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpPost, request, response } from 'inversify-express-utils';
import { AUTH_TYPES } from '../../domain/modules/auth/auth.types';
import { SsoLinkPolicy } from '../../domain/modules/auth/sso-link.policy';
import type { ISsoLinkService } from '../../domain/modules/auth/sso-link.service';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { presentSsoLink } from '../presenters/sso-link.presenter';
import { ssoLoginBody } from '../schemas/auth.schemas';

const linkRequest = validate({ body: ssoLoginBody });

/** A logged-in user ties their company SSO identity to their account by presenting its ID token. */
@controller('/v1/auth/sso')
export class SsoLinkController {
  constructor(@inject(AUTH_TYPES.ISsoLinkService) private readonly links: ISsoLinkService) {}

  @httpPost('/link', linkRequest)
  async link(@request() req: Request, @response() res: Response): Promise<void> {
    const userId = SsoLinkPolicy.linkingUser(principalOf(res));
    const result = await this.links.link(userId, linkRequest.of(req).body.idToken);
    res.status(result.created ? 201 : 200).json(presentSsoLink(result.link));
  }
}
