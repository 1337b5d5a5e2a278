// `probe`: what a registry says about itself before anything else is done with it.
import { describeProbe, probeRegistry } from '../../registry/probe';
import { parseRegistryLocation } from '../../registry/reference';
import { expectPositionals } from '../args';
import { clientOptions, endpointFor } from '../connect';
import { writeLine, type Command } from '../command';

export const probeCommand: Command = {
  name: 'probe',
  usage: 'crx probe <registry>',
  summary: 'check that a registry answers, and show its API version, sign-in and whether its catalog may be listed',
  details: 'GET /v2/ is asked without credentials (its challenge says how to sign in); the catalog check (GET /v2/_catalog?n=1)\nuses the sign-in options given, else the Docker config.',
  async run(args, io) {
    const [text] = expectPositionals(args, ['registry']);
    const location = parseRegistryLocation(text);
    const endpoint = await endpointFor(location.host, location.insecure, /^https:\/\//i.test(text.trim()), args, io);
    const result = await probeRegistry(text, { ...clientOptions(args, io), endpoint, signal: io.signal });
    for (const line of describeProbe(result)) writeLine(io.stdout, line);
  },
};
