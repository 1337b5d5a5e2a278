// The Azure SDK for JS as a download peer: `ContainerRegistryContentClient.downloadBlob` (which
// checks the digest as the stream is read) into a file. Anonymous; TLS trust from NODE_EXTRA_CA_CERTS.
// Usage: node azureSdkDownload.cjs <https endpoint> <repository> <digest> <file>
const { createWriteStream } = require('node:fs');
const { pipeline } = require('node:stream/promises');
const { ContainerRegistryContentClient } = require('@azure/container-registry');

const anonymous = { getToken: async () => null };

async function main() {
  const [endpoint, repository, digest, file] = process.argv.slice(2);
  const client = new ContainerRegistryContentClient(endpoint, repository, anonymous);
  const { content } = await client.downloadBlob(digest);
  await pipeline(content, createWriteStream(file));
}

main().catch((error) => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
