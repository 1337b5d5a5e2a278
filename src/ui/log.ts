import type * as vscode from 'vscode';
import type { LogSink } from '../registry/types';

/** The extension's single output channel, tagged by component. */
export class Log {
  constructor(private readonly channel: vscode.LogOutputChannel) {}

  /** Adapter handed to the registry service; it never passes secrets, and we redact again anyway. */
  readonly sink: LogSink = (level, component, message) => this.write(level, component, message);

  info(component: string, message: string): void { this.write('info', component, message); }
  warn(component: string, message: string): void { this.write('warn', component, message); }
  error(component: string, message: string): void { this.write('error', component, message); }
  debug(component: string, message: string): void { this.write('debug', component, message); }

  private write(level: Parameters<LogSink>[0], component: string, message: string): void {
    const line = `[${component}] ${redactSecrets(message)}`;
    switch (level) {
      case 'trace': this.channel.trace(line); break;
      case 'debug': this.channel.debug(line); break;
      case 'info': this.channel.info(line); break;
      case 'warn': this.channel.warn(line); break;
      case 'error': this.channel.error(line); break;
    }
  }
}

/** Belt and braces: strips anything that looks like a credential from a log line. */
export function redactSecrets(text: string): string {
  return text
    .replace(/(authorization\s*[:=]\s*)(basic|bearer)?\s*[^\s,;"']+/gi, (_m, head: string, scheme?: string) => `${head}${scheme ? scheme + ' ' : ''}<redacted>`)
    .replace(/\b(access_token|refresh_token|password|token|sig|secret|client_secret)=([^&\s"']+)/gi, '$1=<redacted>')
    .replace(/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '<redacted-jwt>');
}
