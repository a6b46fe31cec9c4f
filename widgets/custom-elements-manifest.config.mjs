// custom-elements.json from the sources: attributes, properties, events, slots, parts and CSS properties come
// from the Lit decorators and the JSDoc tags on each element class.
export default {
  globs: ['src/components/**/*.ts', 'src/internal/api-element.ts'],
  // The console's tabs are private parts of the lazily loaded chunk, not public elements.
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/components/admin-console/internal/**'],
  outdir: '.',
  litelement: true,
};
