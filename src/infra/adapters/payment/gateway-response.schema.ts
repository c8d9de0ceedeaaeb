import Joi from 'joi';

export interface GatewayOperationResponse {
  id: string;
  status: 'succeeded' | 'declined';
  amount: number;
  currency: string;
}

/**
 * What a charge or payout answer must look like before anything is believed. Unknown fields are
 * tolerated (the gateway may add some); the amount and currency must echo the request.
 */
export const gatewayOperationResponse = Joi.object<GatewayOperationResponse>({
  id: Joi.string().min(1).max(200).pattern(/^[A-Za-z0-9_.:-]+$/).required(),
  status: Joi.string().valid('succeeded', 'declined').required(),
  amount: Joi.number().integer().strict().min(1).required(),
  currency: Joi.string().pattern(/^[A-Z]{3}$/).required(),
}).unknown(true);
