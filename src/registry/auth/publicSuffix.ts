// Loaded on demand and bundled as its own file (dist/publicSuffix.js, see esbuild.mjs): the public
// suffix list is a large part of the code, needed only when a token service is on another host.
export { getDomain } from 'tldts';
