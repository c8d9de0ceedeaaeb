import { inject, injectable } from 'inversify';
import type { ISsoIdentityRepository, SsoLink } from '../../../../../domain/modules/auth/sso-identity.repository';
import { INFRA_TYPES } from '../../../../infra.types';
import type { KnexDbContext } from '../../knex-db-context';

interface LinkRow {
  issuer: string;
  subject: string;
  user_id: number;
  created_at: Date;
}

const COLUMNS = ['issuer', 'subject', 'user_id', 'created_at'];

const toLink = (row: LinkRow): SsoLink => ({ issuer: row.issuer, subject: row.subject, userId: row.user_id, createdAt: new Date(row.created_at) });

@injectable()
export class KnexSsoIdentityRepository implements ISsoIdentityRepository {
  constructor(@inject(INFRA_TYPES.KnexDbContext) private readonly context: KnexDbContext) {}

  async find(issuer: string, subject: string): Promise<SsoLink | null> {
    const row: LinkRow | undefined = await this.context.executor()('sso_identities').select(COLUMNS).where({ issuer, subject }).first();
    return row ? toLink(row) : null;
  }

  async hasLinkWithIssuer(userId: number, issuer: string): Promise<boolean> {
    const row = await this.context.executor()('sso_identities').select('subject').where({ user_id: userId, issuer }).first();
    return row !== undefined;
  }

  async link(link: SsoLink): Promise<{ link: SsoLink; created: boolean }> {
    // ON CONFLICT waits for a concurrent insert of the same identity to finish; the read that follows
    // (a new statement) then sees whichever link won, so two first logins never both "create" one.
    const inserted: LinkRow[] = await this.context
      .executor()('sso_identities')
      .insert({ issuer: link.issuer, subject: link.subject, user_id: link.userId, created_at: link.createdAt })
      .onConflict(['issuer', 'subject'])
      .ignore()
      .returning(COLUMNS);
    if (inserted.length > 0) return { link: toLink(inserted[0]), created: true };
    const existing = await this.find(link.issuer, link.subject);
    if (!existing) throw new Error('sso_identities: conflicting link vanished');
    return { link: existing, created: false };
  }
}
