import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpGet, httpPatch, httpPost, request, response } from 'inversify-express-utils';
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

/** Users routes; who may call each one is the user service's to ask UserAccessPolicy (SPEC section 5, "who" column). */
@controller('/v1/users')
export class UsersController {
  constructor(@inject(USER_TYPES.IUserService) private readonly users: IUserService) {}

  @httpPost('/', registerRequest)
  async register(@request() req: Request, @response() res: Response): Promise<void> {
    const user = await this.users.register(optionalPrincipalOf(res), registerRequest.of(req).body);
    res.status(201).location(`/v1/users/${user.cpf.value}`).json(presentUser(user));
  }

  @httpGet('/', listRequest)
  async list(@request() req: Request, @response() res: Response): Promise<void> {
    const { limit, cursor } = listRequest.of(req).query;
    const page = await this.users.listActive(principalOf(res), { limit, after: decodeCursor(cursor, userCursor) });
    res.json(presentPage(page, presentUser, (userId) => userId));
  }

  @httpGet('/:cpf', userRequest)
  async get(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentUser(await this.users.get(principalOf(res), userRequest.of(req).params.cpf)));
  }

  @httpPatch('/:cpf', updateRequest)
  async update(@request() req: Request, @response() res: Response): Promise<void> {
    const { params, body } = updateRequest.of(req);
    res.json(presentUser(await this.users.update(principalOf(res), params.cpf, body)));
  }

  @httpPost('/:cpf/deactivate', userRequest)
  async deactivate(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentUser(await this.users.deactivate(principalOf(res), userRequest.of(req).params.cpf)));
  }

  @httpPost('/:cpf/activate', userRequest)
  async activate(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentUser(await this.users.activate(principalOf(res), userRequest.of(req).params.cpf)));
  }
}
