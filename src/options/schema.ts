/** The JSON Schema of the config file, generated from the option spec so the two cannot disagree.
 * `npm run schema` writes it to schema/wirecluster.config.schema.json; a test checks the file is current. */
import { OPTIONS, helpSuffix, type OptionSpec } from './spec.js';

type JsonSchema = Record<string, unknown>;

function propertyOf(spec: OptionSpec): JsonSchema {
  const description = `${spec.help}${helpSuffix(spec)} (--${spec.flag})`;
  switch (spec.type) {
    case 'number':
    case 'integer': {
      const schema: JsonSchema = { type: spec.type, description };
      schema[spec.minExclusive ? 'exclusiveMinimum' : 'minimum'] = spec.min;
      if (spec.max !== undefined) schema['maximum'] = spec.max;
      if (spec.default !== undefined) schema['default'] = spec.default;
      return schema;
    }
    case 'boolean':
      return { type: 'boolean', description };
    case 'choice':
      return { enum: [...spec.choices], description, ...(spec.default !== undefined ? { default: spec.default } : {}) };
    case 'string':
      return { type: 'string', description, ...(spec.default !== undefined ? { default: spec.default } : {}) };
    case 'list':
      return { type: 'array', items: { type: 'string' }, description };
  }
}

export function configSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = { $schema: { type: 'string' } };
  for (const spec of OPTIONS as readonly OptionSpec[]) {
    if (!spec.cliOnly) properties[spec.key] = propertyOf(spec);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'wirecluster config',
    description: 'Options for the cluster command, by their library names; command-line flags win over them.',
    type: 'object',
    properties,
    additionalProperties: false,
  };
}
