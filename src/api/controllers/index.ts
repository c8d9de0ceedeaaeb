// Importing a controller registers its routes with inversify-express-utils' metadata.
import './users.controller';
import './auth.controller';
import './sso-link.controller';
import './oauth-token.controller';
import './accounts.controller';
import './transfers.controller';
import './transactions.controller';
import './ledger.controller';
import './holds.controller';
import './webhooks.controller';
import './events.controller';
