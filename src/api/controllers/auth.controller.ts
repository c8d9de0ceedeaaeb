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

const loginRequest = validate({ body: loginBody });
const refreshRequest = validate({ body: refreshTokenBody });
const logoutEverywhereRequest = validate({ body: logoutEverywhereBody });
const ssoRequest = validate({ body: ssoLoginBody });

/** End-user sessions: password and SSO login, refresh-token rotation, logout. */
@controller('/v1/auth')
export class AuthController {
  constructor(
    @inject(AUTH_TYPES.IAuthService) private readonly auth: IAuthService,
    @inject(AUTH_TYPES.ISessionService) private readonly sessions: ISessionService,
  ) {}

  @httpPost('/login', loginRequest)
  async login(@request() req: Request, @response() res: Response): Promise<void> {
    const { cpf, password } = loginRequest.of(req).body;
    const pair = await this.auth.login(cpf, password);
    res.status(200).set(NO_STORE).json(presentTokenPair(pair));
  }

  @httpPost('/refresh', refreshRequest)
  async refresh(@request() req: Request, @response() res: Response): Promise<void> {
    const pair = await this.auth.refresh(refreshRequest.of(req).body.refreshToken);
    res.status(200).set(NO_STORE).json(presentTokenPair(pair));
  }

  @httpPost('/logout', refreshRequest)
  async logout(@request() req: Request, @response() res: Response): Promise<void> {
    await this.auth.logout(refreshRequest.of(req).body.refreshToken);
    res.status(204).end();
  }

  /** Every refresh token and every access token of the caller, including the one that asks. */
  @httpPost('/logout-all', logoutEverywhereRequest)
  async logoutEverywhere(@request() _req: Request, @response() res: Response): Promise<void> {
    await this.sessions.logoutEverywhere(principalOf(res));
    res.status(204).end();
  }

  @httpPost('/sso', ssoRequest)
  async sso(@request() req: Request, @response() res: Response): Promise<void> {
    const pair = await this.auth.loginWithSso(ssoRequest.of(req).body.idToken);
    res.status(200).set(NO_STORE).json(presentTokenPair(pair));
  }
}
