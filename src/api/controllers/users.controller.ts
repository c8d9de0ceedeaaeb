import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpGet, httpPatch, httpPost, request, response } from 'inversify-express-utils';
import { AUTH_TYPES } from '../../domain/modules/auth/auth.types';
import { UserAccessPolicy, type UserAction } from '../../domain/modules/user/user-access.policy';
import { Cpf } from '../../domain/modules/user/cpf.value-object';
import type { User } from '../../domain/modules/user/user.entity';
import { UserNotFoundError } from '../../domain/modules/user/user.errors';
import type { IUserService } from '../../domain/modules/user/user.service';
import { USER_TYPES } from '../../domain/modules/user/user.types';
import { decodeCursor } from '../http/cursor';
import { optionalPrincipalOf, principalOf } from '../http/principal';
import { validate } from '../http/validate';
import { presentPage } from '../presenters/page.presenter';
import { presentUser } from '../presenters/user.presenter';
import { cpfParams, listUsersQuery, registerUserBody, updateUserBody, userCursor } from '../schemas/user.schemas';

const registerRequest = validate({ body: registerUserBody });
const listRequest = validate({ query: listUsersQuery });
const userRequest = validate({ params: cpfParams });
const updateRequest = validate({ params: cpfParams, body: updateUserBody });

/** Users routes; who may call each one is UserAccessPolicy (SPEC section 5, "who" column). */
@controller('/v1/users')
export class UsersController {
  constructor(
    @inject(USER_TYPES.IUserService) private readonly users: IUserService,
    @inject(AUTH_TYPES.SelfSignup) private readonly selfSignup: boolean,
  ) {}

  @httpPost('/', registerRequest)
  async register(@request() req: Request, @response() res: Response): Promise<void> {
    const registrar = optionalPrincipalOf(res);
    const { body } = registerRequest.of(req);
    UserAccessPolicy.register(registrar, body.role, this.selfSignup);
    const user = await this.users.register({ ...body, identityVerified: UserAccessPolicy.vouches(registrar) });
    res.status(201).location(`/v1/users/${user.cpf.value}`).json(presentUser(user));
  }

  @httpGet('/', listRequest)
  async list(@request() req: Request, @response() res: Response): Promise<void> {
    UserAccessPolicy.list(principalOf(res));
    const { limit, cursor } = listRequest.of(req).query;
    const page = await this.users.listActive({ limit, after: decodeCursor(cursor, userCursor) });
    res.json(presentPage(page, presentUser, (userId) => userId));
  }

  @httpGet('/:cpf', userRequest)
  async get(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentUser(await this.reachable(res, 'read', userRequest.of(req).params.cpf)));
  }

  @httpPatch('/:cpf', updateRequest)
  async update(@request() req: Request, @response() res: Response): Promise<void> {
    const { params, body } = updateRequest.of(req);
    const target = await this.reachable(res, 'change', params.cpf);
    const terms = UserAccessPolicy.change(principalOf(res), target, body);
    res.json(presentUser(await this.users.update(params.cpf, body, terms)));
  }

  @httpPost('/:cpf/deactivate', userRequest)
  async deactivate(@request() req: Request, @response() res: Response): Promise<void> {
    const { cpf } = userRequest.of(req).params;
    await this.reachable(res, 'deactivate', cpf);
    res.json(presentUser(await this.users.deactivate(cpf)));
  }

  @httpPost('/:cpf/activate', userRequest)
  async activate(@request() req: Request, @response() res: Response): Promise<void> {
    const { cpf } = userRequest.of(req).params;
    await this.reachable(res, 'activate', cpf);
    res.json(presentUser(await this.users.activate(cpf)));
  }

  /**
   * The target user, once the caller is known to be allowed `action` on it (else 403, or 404 for
   * someone else's). A caller who reaches only themself is compared with the CPF before any lookup
   * of it: someone else's CPF answers in the same time whether or not it exists.
   */
  private async reachable(res: Response, action: UserAction, cpf: string): Promise<User> {
    const principal = principalOf(res);
    UserAccessPolicy.attempt(principal, action);
    let user: User;
    if (principal.kind === 'user' && !UserAccessPolicy.reachesOthers(principal, action)) {
      user = await this.users.getById(principal.userId);
      if (!user.cpf.equals(Cpf.parse(cpf))) throw new UserNotFoundError();
    } else {
      user = await this.users.getByCpf(cpf);
    }
    UserAccessPolicy.reach(principal, action, user);
    return user;
  }
}
