/** The policy packs and workbook maps bundled at build time by vite.config.ts (scripts/bundle-policies.ts). */
declare module 'virtual:jobplan-policies' {
  const bundle: {
    readonly engineVersion: string;
    readonly policies: readonly { readonly path: string; readonly text: string; readonly sha256: string }[];
    /** Every map in workbook-maps/: jobplan-template.yaml first, register.yaml second, then the rest by file name. */
    readonly maps: readonly { readonly path: string; readonly text: string }[];
    /** The installation config (policies/jobplan.config.yaml): which packs judge plans; null without one. */
    readonly config?: { readonly path: string; readonly text: string } | null;
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
