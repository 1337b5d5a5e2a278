// Puts a few packages into the GitHub test registry (pushed through its /v2 API with a token that may
// write, as `docker push ghcr.io/...` does): the user's own, an organisation's (one with a slash in
// its package name), and a multi-platform index whose platform manifests are untagged versions.
import { buildImage, buildIndex, imageBlobs, indexBlobs, type BlobData } from './fixtures';
import { rawPushBlob, rawPutManifest, type RawTarget } from './fixturesUpload';
import type { RunningGitHub } from './githubApiServer';

export interface GitHubContent {
  /** `<login>/hello`: 1.0 and latest on one manifest, 2.0 on another. */
  hello: { repository: string; v1: BlobData; v2: BlobData };
  /** `<login>/web:v1`. */
  web: { repository: string; manifest: BlobData };
  /** `<org>/tools/app:v1`. */
  orgApp: { repository: string; manifest: BlobData };
  /** `<org>/multi:latest`, an OCI index of two platforms, and after it an untagged image (the newest version). */
  multi: { repository: string; index: BlobData; children: BlobData[]; untagged: BlobData };
  repositories: string[];
}

export async function seedGitHubPackages(github: RunningGitHub, login: string, org: string): Promise<GitHubContent> {
  const target: RawTarget = { url: github.registryUrl, username: login, password: github.issueToken(['write:packages']) };
  const user = login.toLowerCase();
  const push = async (repository: string, blobs: BlobData[], manifests: Array<{ reference: string; manifest: BlobData }>): Promise<void> => {
    for (const blob of blobs) await rawPushBlob(target, repository, blob);
    for (const { reference, manifest } of manifests) await rawPutManifest(target, repository, reference, manifest);
  };
  const hello1 = buildImage({ label: `${user}/hello:1` });
  const hello2 = buildImage({ label: `${user}/hello:2` });
  await push(`${user}/hello`, [...imageBlobs(hello1), ...imageBlobs(hello2)].filter((b) => b !== hello1.manifest && b !== hello2.manifest), [
    { reference: '1.0', manifest: hello1.manifest }, { reference: 'latest', manifest: hello1.manifest }, { reference: '2.0', manifest: hello2.manifest },
  ]);
  const web = buildImage({ label: `${user}/web` });
  await push(`${user}/web`, imageBlobs(web).filter((b) => b !== web.manifest), [{ reference: 'v1', manifest: web.manifest }]);
  const app = buildImage({ label: `${org}/tools/app` });
  await push(`${org}/tools/app`, imageBlobs(app).filter((b) => b !== app.manifest), [{ reference: 'v1', manifest: app.manifest }]);
  const multi = buildIndex({ label: `${org}/multi` });
  const children = multi.images.map((i) => i.manifest);
  await push(`${org}/multi`, indexBlobs(multi).filter((b) => b !== multi.index && !children.includes(b)), [
    ...children.map((manifest) => ({ reference: manifest.digest, manifest })), { reference: 'latest', manifest: multi.index },
  ]);
  // Written a moment later so that it is the newest version, listed first.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const untagged = buildImage({ label: `${org}/multi untagged` });
  await push(`${org}/multi`, imageBlobs(untagged).filter((b) => b !== untagged.manifest), [{ reference: untagged.manifest.digest, manifest: untagged.manifest }]);
  return {
    hello: { repository: `${user}/hello`, v1: hello1.manifest, v2: hello2.manifest },
    web: { repository: `${user}/web`, manifest: web.manifest },
    orgApp: { repository: `${org}/tools/app`, manifest: app.manifest },
    multi: { repository: `${org}/multi`, index: multi.index, children, untagged: untagged.manifest },
    repositories: [`${org}/multi`, `${org}/tools/app`, `${user}/hello`, `${user}/web`].sort(),
  };
}
