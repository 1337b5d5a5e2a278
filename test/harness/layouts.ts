// OCI image layouts written by independent tools, for the layout source's tests: skopeo copies an
// image out of a registry into `oci:<dir>:<ref>`, umoci builds one from scratch with a real layer.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './runCommand';
import { dockerTransport, skopeoCopy } from './skopeo';

/** `skopeo copy docker://<host>/<image> oci:<dir>:<refName>` from a plain-HTTP test registry (`--all` keeps every platform). */
export async function skopeoLayoutFrom(host: string, image: string, dir: string, refName: string, options: { all?: boolean } = {}): Promise<void> {
  await skopeoCopy(dockerTransport(host, image), `oci:${dir}:${refName}`, { all: options.all, src: { host, tlsVerify: false } });
}

/** A one-layer image built by umoci (init, new, unpack, add a file, repack) under `<dir>:<tag>`. */
export async function umociLayout(dir: string, tag: string, fileText = 'written by umoci\n'): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'crx-umoci-'));
  try {
    await runCommand('umoci', ['init', '--layout', dir]);
    await runCommand('umoci', ['new', '--image', `${dir}:${tag}`]);
    const bundle = join(work, 'bundle');
    await runCommand('umoci', ['unpack', '--rootless', '--image', `${dir}:${tag}`, bundle]);
    await mkdir(join(bundle, 'rootfs', 'srv'), { recursive: true });
    await writeFile(join(bundle, 'rootfs', 'srv', 'hello.txt'), fileText);
    await runCommand('umoci', ['repack', '--image', `${dir}:${tag}`, bundle]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
