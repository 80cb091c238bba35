/** An import refused before anything was written: the operator has a decision to make. */
export class ImportRefused extends Error {
  override name = 'ImportRefused';
}
