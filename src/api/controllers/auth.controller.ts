import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpPost, request, response } from 'inversify-express-utils';
import type { IAuthService } from '../../domain/modules/auth/auth.service';
import { AUTH_TYPES } from '../../domain/modules/auth/auth.types';
import type { ISessionService } from '../../domain/modules/auth/session.service';
import { principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { NO_STORE, presentTokenPair } from '../presenters/token.presenter';
import { loginBody, logoutEverywhereBody, refreshTokenBody, ssoLoginBody } from '../schemas/auth.schemas';

/** End-user sessions: password and SSO login, refresh-token rotation, logout. */
@controller('/v1/auth')
export class AuthController {
  constructor(
    @inject(AUTH_TYPES.IAuthService) private readonly auth: IAuthService,
    @inject(AUTH_TYPES.ISessionService) private readonly sessions: ISessionService,
  ) {}

  @httpPost('/login', validate({ body: loginBody }))
  async login(@request() req: Request, @response() res: Response): Promise<void> {
    const pair = await this.auth.login(req.body.cpf, req.body.password);
    res.status(200).set(NO_STORE).json(presentTokenPair(pair));
  }

  @httpPost('/refresh', validate({ body: refreshTokenBody }))
  async refresh(@request() req: Request, @response() res: Response): Promise<void> {
    const pair = await this.auth.refresh(req.body.refreshToken);
    res.status(200).set(NO_STORE).json(presentTokenPair(pair));
  }

  @httpPost('/logout', validate({ body: refreshTokenBody }))
  async logout(@request() req: Request, @response() res: Response): Promise<void> {
    await this.auth.logout(req.body.refreshToken);
    res.status(204).end();
  }

  /** Every refresh token and every access token of the caller, including the one that asks. */
  @httpPost('/logout-all', validate({ body: logoutEverywhereBody }))
  async logoutEverywhere(@request() _req: Request, @response() res: Response): Promise<void> {
    await this.sessions.logoutEverywhere(principalOf(res));
    res.status(204).end();
  }

  @httpPost('/sso', validate({ body: ssoLoginBody }))
  async sso(@request() req: Request, @response() res: Response): Promise<void> {
    const pair = await this.auth.loginWithSso(req.body.idToken);
    res.status(200).set(NO_STORE).json(presentTokenPair(pair));
  }
}
