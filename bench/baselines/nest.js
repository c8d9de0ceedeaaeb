// NestJS 10 baseline of GET /v1/users/{cpf} (on its default Express adapter). Plain JavaScript has
// no decorator syntax, so the decorators are applied by hand, as TypeScript's output does.
require('reflect-metadata');
const { Controller, Get, Headers, HttpException, Module, Param } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { createUserReader, HttpError, problem } = require('./user-read');

let reader;

class UsersController {
  async get(cpf, authorization) {
    try {
      return await reader.read(authorization, cpf);
    } catch (error) {
      const known = error instanceof HttpError ? error : new HttpError(500, 'INTERNAL');
      throw new HttpException(problem(known), known.status);
    }
  }
}
Param('cpf')(UsersController.prototype, 'get', 0);
Headers('authorization')(UsersController.prototype, 'get', 1);
Get(':cpf')(UsersController.prototype, 'get', Object.getOwnPropertyDescriptor(UsersController.prototype, 'get'));
Controller('v1/users')(UsersController);

class HealthController {
  ready() {
    return { status: 'pass' };
  }
}
Get('ready')(HealthController.prototype, 'ready', Object.getOwnPropertyDescriptor(HealthController.prototype, 'ready'));
Controller('health')(HealthController);

class AppModule {}
Module({ controllers: [UsersController, HealthController] })(AppModule);

async function main() {
  reader = await createUserReader();
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
