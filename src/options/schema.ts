/** The JSON Schema of the config file, generated from the option spec so the two cannot disagree.
 * `npm run schema` writes it to schema/wirecluster.config.schema.json; a test checks the file is current. */
import { loadIsoStopWords } from '../text/natural-modules.js';
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

/** `lang` takes auto or a code with a stop-word list, in any case (`EN`), which an enum cannot say; the
 * pattern does, and the examples give editors the codes to complete. */
function languageSchema(base: JsonSchema): JsonSchema {
  const codes = ['auto', ...Object.keys(loadIsoStopWords()).sort()];
  const anyCase = (code: string): string => [...code].map((c) => `[${c.toLowerCase()}${c.toUpperCase()}]`).join('');
  return { ...base, pattern: `^(?:${codes.map(anyCase).join('|')})$`, examples: codes };
}

/** `all` reports every document, so a larger minSize beside it is refused, by the library and here. */
const ALL_NEEDS_MIN_SIZE_1: JsonSchema = {
  if: { properties: { all: { const: true } }, required: ['all'] },
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword; this object is never awaited.
  then: { properties: { minSize: { const: 1 } } },
};

export function configSchema(): JsonSchema {
  const properties: Record<string, JsonSchema> = { $schema: { type: 'string' } };
  for (const spec of OPTIONS as readonly OptionSpec[]) {
    if (spec.cliOnly) continue;
    properties[spec.key] = spec.key === 'lang' ? languageSchema(propertyOf(spec)) : propertyOf(spec);
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'wirecluster config',
    description: 'Options for the cluster command, by their library names; command-line flags win over them.',
    type: 'object',
    properties,
    additionalProperties: false,
    ...ALL_NEEDS_MIN_SIZE_1,
  };
}
