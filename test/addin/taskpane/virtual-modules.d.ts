/**
 * The add-in's build-time modules, declared for the repository's own type check of the tests (tsconfig.json
 * includes test/ but not src-addin/): the same declarations as src-addin/bundle/virtual-policies.d.ts.
 */
declare module 'virtual:jobplan-policies' {
  const bundle: {
    readonly engineVersion: string;
    readonly policies: readonly { readonly path: string; readonly text: string; readonly sha256: string }[];
    readonly maps: { readonly template: { readonly path: string; readonly text: string }; readonly register: { readonly path: string; readonly text: string } };
  };
  export default bundle;
}

/** Vite's `?url` imports: the built file's URL (exceljs's browser build is loaded this way, only when needed). */
declare module '*?url' {
  const url: string;
  export default url;
}


/** Vite's build-time flags (the subset used). */
interface ImportMeta {
  readonly env: { readonly DEV: boolean };
}
