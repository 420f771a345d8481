import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the tests: every operation in `src/**\/*.graphql` becomes a TypedDocumentNode
 * in src/testing/generated/graphql.ts, checked against schema.graphql.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  // The settings-page examples are typed too, so a schema change that breaks one fails codegen.
  documents: ['src/**/*.graphql', 'examples/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/testing/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, scalars: { DateTimeISO: 'string' }, useTypeImports: true },
    },
  },
};

export default config;
