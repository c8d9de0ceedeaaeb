import { Cpf } from '../../src/domain/modules/user/cpf.value-object';
import { Email } from '../../src/domain/modules/user/email.value-object';
import { PersonName } from '../../src/domain/modules/user/person-name.value-object';
import { User, type UserRole, type UserState } from '../../src/domain/modules/user/user.entity';
import { aCpf } from '../helpers/cpf';

let sequence = 0;

/**
 * Test users: `aUser().inactive().build()`. Every user gets a fresh valid CPF and email, so tests
 * that store several never collide; set only what the test is about.
 */
export class UserBuilder {
  private readonly state: UserState;

  constructor() {
    sequence++;
    const now = new Date('2026-01-02T03:04:05.000Z');
    this.state = {
      id: null,
      cpf: Cpf.parse(aCpf()),
      name: PersonName.parse(`Test User ${sequence}`),
      email: Email.parse(`user${sequence}.${Date.now()}@example.com`),
      passwordHash: null,
      role: 'customer',
      isActive: true,
      identityVerified: false,
      createdAt: now,
      updatedAt: now,
    };
  }

  withId(id: number): this {
    this.state.id = id;
    return this;
  }

  withCpf(cpf: string): this {
    this.state.cpf = Cpf.parse(cpf);
    return this;
  }

  withName(name: string): this {
    this.state.name = PersonName.parse(name);
    return this;
  }

  withEmail(email: string): this {
    this.state.email = Email.parse(email);
    return this;
  }

  withPasswordHash(hash: string): this {
    this.state.passwordHash = hash;
    return this;
  }

  withRole(role: UserRole): this {
    this.state.role = role;
    return this;
  }

  admin(): this {
    return this.withRole('admin');
  }

  inactive(): this {
    this.state.isActive = false;
    return this;
  }

  /** Created by an admin or a service, who vouched for its CPF and e-mail. */
  verified(): this {
    this.state.identityVerified = true;
    return this;
  }

  createdAt(at: Date): this {
    this.state.createdAt = at;
    this.state.updatedAt = at;
    return this;
  }

  build(): User {
    return User.restore({ ...this.state });
  }
}

export const aUser = (): UserBuilder => new UserBuilder();
