// The schema stage: generated strict JSON schemas + one kubeconform process.
export { checkSchema, type SchemaCheckOptions } from './check.js';
export { ensureSchemas } from './generate.js';
