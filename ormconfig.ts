import 'reflect-metadata';
import { createDataSource } from './src/db/data-source';

/**
 * The data source for the TypeORM CLI (`npx typeorm -d dist/ormconfig.js migration:run`, `migration:revert`).
 * New migrations are generated with `npm run migration:generate -- <Name>`, which needs no running database.
 */
export default createDataSource({ url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gatehouse' });
