import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';

/**
 * An IPv6 client is normally given a whole /64 network: counting its addresses one by one would
 * limit nobody, since it can take a new one for each request.
 */
export const IPV6_SUBNET = 64;

/** The client address as limits count it: IPv4 as is (also when IPv4-mapped), IPv6 as its /64. */
export const clientAddress = (ip: string | undefined): string => ipKeyGenerator(ip ?? '', IPV6_SUBNET);

// The CPF itself never becomes a key in a shared store; punctuation does not make another key.
const cpfDigest = (cpf: unknown): string => createHash('sha256').update(String(cpf).replace(/\D/g, '')).digest('hex').slice(0, 32);

export const byAddress = (req: Request): string => `ip:${clientAddress(req.ip)}`;
export const byCpf = (req: Request): string => `cpf:${cpfDigest(req.body?.cpf)}`;
export const byCpfAndAddress = (req: Request): string => `${byCpf(req)}:${byAddress(req)}`;
