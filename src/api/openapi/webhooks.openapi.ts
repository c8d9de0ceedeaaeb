import Joi from 'joi';
import { encodeCursor } from '../http/cursor';
import { listDeliveriesQuery, listWebhooksQuery, registerWebhookBody, webhookIdParams } from '../schemas/webhook.schemas';
import type { OpenApiModule } from './openapi-builder';
import { PAGE_LIMIT } from './request-examples';
import { V1_ROUTE } from './route-problems';

const WEBHOOK_ID = '3b9d2f4e-8a61-4c0e-9f27-5d1a7c3e6b80';
const timestamp = Joi.string().isoDate();
const nextCursor = Joi.string().allow(null).required().description('Pass as ?cursor= for the next page; null on the last page');

// What the presenters answer; the OpenAPI test checks real responses against these.
const endpointFields = {
  id: Joi.string().guid().required(),
  url: Joi.string().required(),
  events: Joi.array().items(Joi.string()).required().description('Exact event types, or "*" for every event'),
  status: Joi.string().valid('active', 'disabled').required(),
  createdAt: timestamp.required(),
  createdBy: Joi.string().required().description('Who registered it: user:<id> or service:<client id>'),
};
export const webhookResponse = Joi.object(endpointFields).meta({ className: 'WebhookEndpoint' });
export const registeredWebhookResponse = Joi.object({
  ...endpointFields,
  secret: Joi.string().required().description('Signs every delivery (Standard Webhooks, whsec_…). Shown only in this answer: store it now'),
}).meta({ className: 'RegisteredWebhookEndpoint' });
export const webhookPageResponse = Joi.object({ items: Joi.array().items(webhookResponse).required(), nextCursor }).meta({ className: 'WebhookEndpointPage' });

export const deliveryResponse = Joi.object({
  id: Joi.string().guid().required(),
  eventId: Joi.string().guid().required().description('Also the webhook-id header of every attempt'),
  eventType: Joi.string().required(),
  position: Joi.string().pattern(/^\d+$/).required().description('Delivery order of the event (a decimal integer)'),
  status: Joi.string().valid('pending', 'delivered', 'failed').required(),
  attempts: Joi.number().integer().required(),
  nextAttemptAt: timestamp.allow(null).required().description('When a pending delivery is tried next; null once delivered or failed'),
  lastStatusCode: Joi.number().integer().allow(null).required().description('HTTP status of the last attempt; null when it got none (network error, timeout)'),
  lastError: Joi.string().allow(null).required(),
  deliveredAt: timestamp.allow(null).required(),
  createdAt: timestamp.required(),
}).meta({ className: 'WebhookDelivery' });
export const deliveryPageResponse = Joi.object({ items: Joi.array().items(deliveryResponse).required(), nextCursor }).meta({ className: 'WebhookDeliveryPage' });

const WHO = 'An admin or webhooks:admin (anyone else 403).';

export const webhooksOpenApi: OpenApiModule = {
  tag: { name: 'webhooks', description: 'Signed, retried deliveries of events to registered URLs' },
  paths: (api) => {
    const webhookId = api.parameters(webhookIdParams, 'path', { id: WEBHOOK_ID });
    return {
      '/v1/webhooks': {
        post: {
          operationId: 'registerWebhook',
          summary: 'Register a webhook endpoint',
          description: `${WHO} The answer carries the signing secret, the only time it is shown. In production the URL must be https and its host public (no private, loopback, link-local, CGNAT, multicast or unspecified address): 422 WEBHOOK_URL_REFUSED.`,
          requestBody: api.jsonBody(registerWebhookBody, { url: 'https://hooks.example.com/fincore', events: ['transaction.posted', 'account.frozen'] }),
          errors: [...V1_ROUTE, 'FORBIDDEN', 'WEBHOOK_URL_REFUSED', 'INVALID_WEBHOOK_EVENT_TYPE'],
          responses: { '201': api.json('The new endpoint, with its secret', registeredWebhookResponse, { Location: 'URL of the new endpoint' }) },
        },
        get: {
          operationId: 'listWebhooks',
          summary: 'List webhook endpoints, oldest first (cursor-paginated)',
          description: `${WHO} Never the secrets.`,
          parameters: api.parameters(listWebhooksQuery, 'query', { limit: PAGE_LIMIT, cursor: encodeCursor({ c: '2026-12-01T12:00:00.000Z', i: WEBHOOK_ID }) }),
          errors: [...V1_ROUTE, 'FORBIDDEN', 'INVALID_CURSOR'],
          responses: { '200': api.json('A page of endpoints', webhookPageResponse) },
        },
      },
      '/v1/webhooks/{id}': {
        get: {
          operationId: 'getWebhook',
          summary: 'Read a webhook endpoint',
          description: WHO,
          parameters: webhookId,
          errors: [...V1_ROUTE, 'FORBIDDEN', 'WEBHOOK_NOT_FOUND'],
          responses: { '200': api.json('The endpoint', webhookResponse) },
        },
        delete: {
          operationId: 'disableWebhook',
          summary: 'Disable a webhook endpoint',
          description: `${WHO} No event is queued for it any more, and its pending deliveries are marked failed, unsent. It stays readable; disabling it again changes nothing.`,
          parameters: webhookId,
          errors: [...V1_ROUTE, 'FORBIDDEN', 'WEBHOOK_NOT_FOUND'],
          responses: { '200': api.json('The disabled endpoint', webhookResponse) },
        },
      },
      '/v1/webhooks/{id}/deliveries': {
        get: {
          operationId: 'listWebhookDeliveries',
          summary: "An endpoint's deliveries in delivery order (cursor-paginated)",
          description: `${WHO} Filter with ?status=pending, delivered or failed.`,
          parameters: [...webhookId, ...api.parameters(listDeliveriesQuery, 'query', { limit: PAGE_LIMIT, cursor: encodeCursor({ p: '1042', i: WEBHOOK_ID }), status: 'pending' })],
          errors: [...V1_ROUTE, 'FORBIDDEN', 'WEBHOOK_NOT_FOUND', 'INVALID_CURSOR'],
          responses: { '200': api.json('A page of deliveries', deliveryPageResponse) },
        },
      },
    };
  },
};
