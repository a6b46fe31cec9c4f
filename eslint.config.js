// Lint: the typescript-eslint recommended rules over every workspace; circular imports are checked by madge in `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', '.data/**', 'coverage/**', 'test-artifacts/**', 'widgets/custom-elements.json'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', Buffer: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` object instead of an enum.' }],
    },
  },
  // Layering (docs/ARCHITECTURE.md, docs/decisions/0006): which way imports point, enforced per folder.
  {
    files: ['core/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/tool-server/**', '**/worker/**', '**/widgets/**', '@tutorgraph/tool-server', '@tutorgraph/worker', '@tutorgraph/widgets'], message: 'core imports nothing from the shells or the widgets.' }],
      }],
    },
  },
  {
    files: ['core/src/db/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/domain/**', '**/domain'], message: 'core/src/db is connection, schema types and migrator: it imports nothing from domain/.' },
          { group: ['**/tool-server/**', '**/worker/**', '**/widgets/**'], message: 'core imports nothing from the shells or the widgets.' },
        ],
      }],
    },
  },
  {
    files: ['core/src/domain/**/*.ts'],
    ignores: ['core/src/domain/**/*.repository.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'kysely', message: 'Only *.repository.ts files use kysely; pass a handle typed Db / DbConnection from core/src/db/db-types.ts and move the query into the feature\'s repository.' }],
        patterns: [{ group: ['**/tool-server/**', '**/worker/**', '**/widgets/**'], message: 'core imports nothing from the shells or the widgets.' }],
      }],
      'no-restricted-syntax': ['error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` object instead of an enum.' },
        { selector: 'CallExpression[callee.property.name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|withTables)$/]', message: 'SQL lives in the feature\'s *.repository.ts; call a repository function from the use case.' },
        { selector: 'TaggedTemplateExpression[tag.name="sql"], CallExpression[callee.object.name="sql"]', message: 'SQL lives in the feature\'s *.repository.ts; call a repository function from the use case.' },
      ],
    },
  },
  {
    files: ['widgets/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [{ group: ['**/core/src/**', '@tutorgraph/core', '@tutorgraph/core/**'], allowTypeImports: true, message: 'Widgets use core only through `import type` (zero bytes at run time).' }],
      }],
    },
  },
  {
    files: ['**/test/**', '**/*.test.ts', 'test-support/**', 'bench/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', customElements: 'readonly' } },
  },
);
