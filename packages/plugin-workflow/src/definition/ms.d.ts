// `ms` 2.x ships no type declarations; this is the one function the plugin uses.
declare module 'ms' {
  function ms(value: string): number | undefined
  function ms(value: number, options?: { long?: boolean }): string
  export default ms
}
