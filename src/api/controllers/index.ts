// Importing a controller registers its routes with inversify-express-utils' metadata.
import './users.controller';
