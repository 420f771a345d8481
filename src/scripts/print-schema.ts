import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printGatehouseSchema } from '../graphql/schema';
import { buildModulesSchema } from '../services';

/** `npm run schema`: writes schema.graphql from the code-first schema, directives included. */
buildModulesSchema().then((schema) => {
  const file = path.resolve(__dirname, '..', '..', '..', 'schema.graphql');
  writeFileSync(file, printGatehouseSchema(schema));
  process.stdout.write(`wrote ${file}\n`);
});
