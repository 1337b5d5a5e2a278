// Writes one line per HTTP exchange to the caller's LogSink; never a credential (see redact.ts).
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import type { LogSink } from '../types';
import { redactHeaderForLog, redactUrlForLog } from './redact';

const TRACE_HEADERS = ['content-type', 'content-length', 'docker-content-digest', 'location', 'range', 'content-range', 'retry-after', 'www-authenticate'];

export function createLogPolicy(log: LogSink | undefined, component = 'http'): PipelinePolicy {
  return {
    name: 'crxLogPolicy',
    async sendRequest(request, next) {
      if (!log) return next(request);
      const started = Date.now();
      const what = `${request.method} ${redactUrlForLog(request.url)}`;
      try {
        const response = await next(request);
        log('debug', component, `${what} -> ${response.status} (${Date.now() - started} ms)`);
        const headerText = TRACE_HEADERS.flatMap((name) => {
          const value = response.headers.get(name);
          return value === undefined ? [] : [`${name}: ${redactHeaderForLog(name, value)}`];
        }).join('; ');
        if (headerText) log('trace', component, `${what} response headers: ${headerText}`);
        return response;
      } catch (error) {
        const reason = error instanceof Error ? `${error.name}${(error as { code?: string }).code ? ` ${(error as { code?: string }).code}` : ''}` : 'error';
        log('debug', component, `${what} -> failed: ${reason} (${Date.now() - started} ms)`);
        throw error;
      }
    },
  };
}
