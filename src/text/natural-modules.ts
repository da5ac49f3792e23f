/**
 * The few `natural` submodules we use, loaded by path. Never the package root: it takes ~0.6 s and its
 * dotenv dependency prints to stdout, which would corrupt --json output.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface Stemmer {
  stem(token: string): string;
}

const STEMMER_FILES: Readonly<Record<string, string>> = {
  en: 'porter_stemmer',
  de: 'porter_stemmer_de',
  es: 'porter_stemmer_es',
  fr: 'porter_stemmer_fr',
  it: 'porter_stemmer_it',
  nl: 'porter_stemmer_nl',
  no: 'porter_stemmer_no',
  pt: 'porter_stemmer_pt',
  ru: 'porter_stemmer_ru',
  sv: 'porter_stemmer_sv',
  uk: 'porter_stemmer_uk',
};

function isStemmer(value: unknown): value is Stemmer {
  return typeof value === 'object' && value !== null && typeof (value as Stemmer).stem === 'function';
}

/** The Porter-family stemmer natural has for this language, or undefined. */
export function loadStemmer(lang: string): Stemmer | undefined {
  const file = STEMMER_FILES[lang];
  if (file === undefined) return undefined;
  const loaded: unknown = require(`natural/lib/natural/stemmers/${file}.js`);
  return isStemmer(loaded) ? loaded : undefined;
}

/** stopwords-iso: stop lists for 58 languages keyed by ISO 639-1 code. */
export function loadIsoStopWords(): Readonly<Record<string, readonly string[]>> {
  return require('stopwords-iso') as Record<string, string[]>;
}
