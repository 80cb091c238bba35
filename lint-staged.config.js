// The pre-commit hook (.husky/pre-commit) runs the checks of `pnpm lint` and
// `pnpm check:infra` that CI runs, on the staged files; the type check looks
// at the whole project, since a change in one file can break another.
export default {
  '*': 'prettier --check --ignore-unknown',
  '*.{ts,js}': 'eslint --max-warnings=0',
  '*.ts': () => 'pnpm typecheck',
  '*.{yml,yaml}': 'yamllint --strict --config-file .yamllint',
  '*.sh': 'shellcheck',
};
