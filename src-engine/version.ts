/** The engine's version, stamped on every report so an audit replay can tell when the engine changed. Kept equal to package.json by a test. */
export const ENGINE_VERSION = '0.1.0';
