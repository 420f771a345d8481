import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printGatehouseSchema } from '../graphql/schema';
import { printOpenApi } from '../rest/openapi';
import { buildModulesSchema, collectContributions } from '../services';

/** `npm run schema`: writes schema.graphql from the code-first schema, directives included, and openapi.json from the REST routes over it. */
buildModulesSchema().then((schema) => {
  const root = path.resolve(__dirname, '..', '..', '..');
  writeFileSync(path.join(root, 'schema.graphql'), printGatehouseSchema(schema));
  writeFileSync(path.join(root, 'openapi.json'), printOpenApi(schema, collectContributions().restRoutes));
  process.stdout.write(`wrote ${root}/schema.graphql and ${root}/openapi.json\n`);
});
