import { Cpf } from './cpf.value-object';
import { Email } from './email.value-object';
import { PersonName } from './person-name.value-object';
import { UserAlreadyActiveError, UserAlreadyInactiveError } from './user.errors';

export type UserRole = 'customer' | 'admin';

export interface UserState {
  id: number | null;
  cpf: Cpf;
  name: PersonName;
  email: Email;
  passwordHash: string | null;
  role: UserRole;
  isActive: boolean;
  /**
   * An admin or a service created the user and so vouched that the CPF and e-mail are this
   * person's; a self-registered CPF or e-mail is only what someone typed in.
   */
  identityVerified: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface NewUser {
  cpf: Cpf;
  name: PersonName;
  email: Email;
  passwordHash?: string | null;
  role?: UserRole;
  identityVerified?: boolean;
  now: Date;
}

/** A person identified by CPF. `id` is null until the repository stores the user. */
export class User {
  private constructor(private readonly state: UserState) {}

  static register(input: NewUser): User {
    return new User({
      id: null,
      cpf: input.cpf,
      name: input.name,
      email: input.email,
      passwordHash: input.passwordHash ?? null,
      role: input.role ?? 'customer',
      isActive: true,
      identityVerified: input.identityVerified ?? false,
      createdAt: input.now,
      updatedAt: input.now,
    });
  }

  /** Rebuilds a user already stored; no rule is re-applied. */
  static restore(state: UserState): User {
    return new User({ ...state });
  }

  get id(): number | null {
    return this.state.id;
  }
  get cpf(): Cpf {
    return this.state.cpf;
  }
  get name(): PersonName {
    return this.state.name;
  }
  get email(): Email {
    return this.state.email;
  }
  get passwordHash(): string | null {
    return this.state.passwordHash;
  }
  get role(): UserRole {
    return this.state.role;
  }
  get isActive(): boolean {
    return this.state.isActive;
  }
  get identityVerified(): boolean {
    return this.state.identityVerified;
  }
  get createdAt(): Date {
    return this.state.createdAt;
  }
  get updatedAt(): Date {
    return this.state.updatedAt;
  }

  rename(name: PersonName, now: Date): void {
    this.state.name = name;
    this.state.updatedAt = now;
  }

  /** The new address is only what the caller typed in: whatever vouching covered the old one ends. */
  changeEmail(email: Email, now: Date): void {
    if (email.value !== this.state.email.value) this.state.identityVerified = false;
    this.state.email = email;
    this.state.updatedAt = now;
  }

  changePasswordHash(passwordHash: string, now: Date): void {
    this.state.passwordHash = passwordHash;
    this.state.updatedAt = now;
  }

  deactivate(now: Date): void {
    if (!this.state.isActive) throw new UserAlreadyInactiveError();
    this.state.isActive = false;
    this.state.updatedAt = now;
  }

  activate(now: Date): void {
    if (this.state.isActive) throw new UserAlreadyActiveError();
    this.state.isActive = true;
    this.state.updatedAt = now;
  }
}
