/** The package ships no types: it exports one function returning a through-stream of inflated bytes. */
declare module 'unbzip2-stream' {
  import type { Duplex } from 'node:stream';
  export default function unbzip2(): Duplex;
}
