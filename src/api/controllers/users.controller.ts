import type { Request, Response } from 'express';
import { inject } from 'inversify';
import { controller, httpGet, httpPatch, httpPost, request, response } from 'inversify-express-utils';
import type { IUserService } from '../../domain/modules/user/user.service';
import { USER_TYPES } from '../../domain/modules/user/user.types';
import { decodeCursor, encodeCursor } from '../http/cursor';
import { validate } from '../http/validate';
import { presentUser } from '../presenters/user.presenter';
import { cpfParams, listUsersQuery, registerUserBody, updateUserBody, userCursor } from '../schemas/user.schemas';

@controller('/v1/users')
export class UsersController {
  constructor(@inject(USER_TYPES.IUserService) private readonly users: IUserService) {}

  @httpPost('/', validate({ body: registerUserBody }))
  async register(@request() req: Request, @response() res: Response): Promise<void> {
    const user = await this.users.register(req.body);
    res.status(201).location(`/v1/users/${user.cpf.value}`).json(presentUser(user));
  }

  @httpGet('/', validate({ query: listUsersQuery }))
  async list(@request() req: Request, @response() res: Response): Promise<void> {
    const { limit, cursor } = req.query as unknown as { limit: number; cursor?: string };
    const page = await this.users.listActive({ limit, after: decodeCursor(cursor, userCursor) });
    res.json({ items: page.items.map(presentUser), nextCursor: page.nextKey === null ? null : encodeCursor(page.nextKey) });
  }

  @httpGet('/:cpf', validate({ params: cpfParams }))
  async get(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentUser(await this.users.getByCpf(req.params.cpf)));
  }

  @httpPatch('/:cpf', validate({ params: cpfParams, body: updateUserBody }))
  async update(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentUser(await this.users.update(req.params.cpf, req.body)));
  }

  @httpPost('/:cpf/deactivate', validate({ params: cpfParams }))
  async deactivate(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentUser(await this.users.deactivate(req.params.cpf)));
  }

  @httpPost('/:cpf/activate', validate({ params: cpfParams }))
  async activate(@request() req: Request, @response() res: Response): Promise<void> {
    res.json(presentUser(await this.users.activate(req.params.cpf)));
  }
}
