// Every module's part of the OpenAPI document. Adding a module is one line here.
export { healthOpenApi } from './health.openapi';
export { usersOpenApi } from './users.openapi';
export { authOpenApi } from './auth.openapi';
export { financialOpenApi } from './financial.openapi';
export { holdsOpenApi } from './holds.openapi';
export { webhooksOpenApi } from './webhooks.openapi';
export { eventsOpenApi } from './events.openapi';
