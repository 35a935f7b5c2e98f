// ESLint flat config: the recommended rules of ESLint and typescript-eslint (not the type-checked
// set, so linting stays fast and needs no TypeScript program). Formatting is Prettier's job.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/",
      "client/claim-message.validator.ts",
      "**/dist/",
      "**/cdktf.out/",
      "coverage/",
      ".gen/",
      "test-output/",
      "**/.terraform/",
      "**/__snapshots__/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      // `_name` marks a deliberately unused binding (a destructured field left out, a required parameter).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ["test/**/*.ts"],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    // CommonJS files (jest config, environment and reporter, the synth launcher) load modules with require().
    files: ["**/*.cjs", "jest.config.js", "test/*.js"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
