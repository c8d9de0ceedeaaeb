import { ValidationError } from '../../shared/domain-error';
import { InvalidScopeError, ServiceClientAlreadyDisabledError } from './auth.errors';
import type { Scope } from './principal';

export interface ServiceClientState {
  clientId: string;
  /** Digest of the secret; the secret itself is shown once at creation and never stored. */
  secretHash: string;
  name: string;
  scopes: Scope[];
  isActive: boolean;
  createdAt: Date;
}

export interface NewServiceClient {
  clientId: string;
  secretHash: string;
  name: string;
  scopes: Scope[];
  now: Date;
}

/** An internal service that authenticates with client credentials (OAuth 2 client_credentials). */
export class ServiceClient {
  private constructor(private readonly state: ServiceClientState) {}

  static register(input: NewServiceClient): ServiceClient {
    const name = input.name.trim();
    if (name.length < 1 || name.length > 100) throw new ValidationError('name', 'must be 1 to 100 characters long');
    if (input.scopes.length === 0) throw new InvalidScopeError('A client needs at least one scope');
    return new ServiceClient({
      clientId: input.clientId,
      secretHash: input.secretHash,
      name,
      scopes: [...input.scopes],
      isActive: true,
      createdAt: input.now,
    });
  }

  static restore(state: ServiceClientState): ServiceClient {
    return new ServiceClient({ ...state, scopes: [...state.scopes] });
  }

  get clientId(): string {
    return this.state.clientId;
  }
  get secretHash(): string {
    return this.state.secretHash;
  }
  get name(): string {
    return this.state.name;
  }
  get scopes(): readonly Scope[] {
    return this.state.scopes;
  }
  get isActive(): boolean {
    return this.state.isActive;
  }
  get createdAt(): Date {
    return this.state.createdAt;
  }

  /** Stops the client from obtaining tokens; its tokens already issued are ended by its session version. */
  disable(): void {
    if (!this.state.isActive) throw new ServiceClientAlreadyDisabledError();
    this.state.isActive = false;
  }

  /** Replaces the secret: the old one stops working at once. */
  rotateSecret(secretHash: string): void {
    if (!this.state.isActive) throw new ServiceClientAlreadyDisabledError();
    this.state.secretHash = secretHash;
  }

  /**
   * The scopes a token may carry: all of the client's when none are requested, else exactly the
   * requested ones, each of which must be the client's own (never wider, RFC 6749 section 3.3).
   */
  grant(requested: readonly Scope[] | null): Scope[] {
    if (requested === null) return [...this.state.scopes];
    if (requested.length === 0) throw new InvalidScopeError('The scope parameter must name at least one scope');
    const beyond = requested.find((scope) => !this.state.scopes.includes(scope));
    if (beyond !== undefined) throw new InvalidScopeError(`The client may not request "${beyond}"`);
    return [...requested];
  }
}
