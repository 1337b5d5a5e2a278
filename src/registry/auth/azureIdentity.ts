// Loaded on demand and bundled as its own file (dist/azureIdentity.js, see esbuild.mjs): @azure/identity
// and MSAL are most of the code there is, and only Azure sign-in without VS Code's own uses them.
export { DefaultAzureCredential } from '@azure/identity';
