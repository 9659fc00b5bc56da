// ESLint flat config: strict TypeScript everywhere, and the layer boundary of DESIGN.md:
// emulator/ never imports VS Code or the Debug Adapter Protocol.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'test/guests/**', 'media/**', '**/*.mjs', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['emulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode', '@vscode/*', 'vscode-*'], message: 'emulator/ must not depend on VS Code or DAP (see DESIGN.md).' },
          { group: ['**/src/*', '**/debug-adapter/*'], message: 'emulator/ is the bottom layer.' },
        ],
      }],
    },
  },
);
