// Drives the extension's real dialogs from a test: the extension host hands the extension and its
// tests the same `vscode` module object, so replacing `vscode.window.show…` here replaces what the
// commands call. Every question is recorded with its text, checked against the script and answered
// from it; notifications are recorded only.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export type DialogKind = 'input' | 'quickPick' | 'question' | 'openDialog';

export interface Asked {
  kind: DialogKind | 'info' | 'warning' | 'error';
  /** Message, or title and prompt of an input or quick pick. */
  text: string;
  detail?: string;
  /** Buttons of a question, labels of a quick pick. */
  choices?: string[];
  /** The quick pick's highlighted item (what Enter would take), or the input box's initial value. */
  initial?: string;
  /** What the input box's own validation said about the scripted answer. */
  validation?: string;
}

export interface Step {
  kind: DialogKind;
  /** Must match the text the user is shown. */
  expect: RegExp;
  /** Input: the text typed; quick pick: the label (or a pattern of it); question: the button; open dialog: the folder. Undefined cancels. */
  answer: string | RegExp | undefined;
  /** Runs while the dialog is open, before it is answered (e.g. to change the registry meanwhile). */
  meanwhile?: () => Promise<void>;
}

const STUBBED = ['showInputBox', 'showQuickPick', 'createQuickPick', 'showWarningMessage', 'showInformationMessage', 'showErrorMessage', 'showOpenDialog'] as const;

export class ScriptedDialogs {
  readonly asked: Asked[] = [];
  /** Clicks a button of an information notification (by default none is clicked). */
  answerNotification?: (text: string, buttons: string[]) => string | undefined;
  /** Answer questions beyond the script by cancelling them instead of failing. */
  cancelUnscripted = false;
  private readonly problems: string[] = [];
  private readonly originals = new Map<string, PropertyDescriptor>();

  constructor(private readonly steps: Step[]) {
    const window = vscode.window as unknown as Record<string, unknown>;
    for (const name of STUBBED) {
      const descriptor = Object.getOwnPropertyDescriptor(window, name);
      assert.ok(descriptor, `vscode.window.${name} is missing`);
      this.originals.set(name, descriptor);
    }
    this.replace('showInputBox', async (options: vscode.InputBoxOptions = {}) => {
      const step = await this.next('input', [options.title, options.prompt].filter(Boolean).join(' — '), undefined, undefined, options.value);
      if (!step || typeof step.answer !== 'string') return undefined;
      const validation = await options.validateInput?.(step.answer);
      const message = typeof validation === 'string' ? validation : validation?.message;
      this.asked[this.asked.length - 1].validation = message;
      // A person cannot submit a value the box refuses.
      return message ? undefined : step.answer;
    });
    this.replace('showQuickPick', async (items: readonly (string | vscode.QuickPickItem)[] | Thenable<readonly (string | vscode.QuickPickItem)[]>, options: vscode.QuickPickOptions = {}) => {
      const resolved = await items;
      const labels = resolved.map((item) => (typeof item === 'string' ? item : item.label));
      const step = await this.next('quickPick', [options.title, options.placeHolder].filter(Boolean).join(' — '), labels);
      if (!step || step.answer === undefined) return undefined;
      const wanted = step.answer;
      const index = labels.findIndex((label) => (typeof wanted === 'string' ? label === wanted : wanted.test(label)));
      if (index < 0) this.problems.push(`no quick pick item ${wanted} among ${JSON.stringify(labels)}`);
      return index < 0 ? undefined : resolved[index];
    });
    this.replace('createQuickPick', () => this.scriptedQuickPick());
    this.replace('showWarningMessage', async (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null && !('title' in rest[0]) ? rest.shift() as vscode.MessageOptions : undefined;
      const buttons = rest.map((b) => (typeof b === 'string' ? b : (b as vscode.MessageItem).title));
      if (!options?.modal) {
        this.asked.push({ kind: 'warning', text: message, detail: options?.detail, choices: buttons });
        return undefined;
      }
      const step = await this.next('question', message, buttons, options.detail);
      if (!step || step.answer === undefined) return undefined;
      if (!buttons.includes(String(step.answer))) this.problems.push(`no button ${step.answer} among ${JSON.stringify(buttons)}`);
      return rest.find((b) => (typeof b === 'string' ? b : (b as vscode.MessageItem).title) === step.answer);
    });
    this.replace('showInformationMessage', async (message: string, ...rest: unknown[]) => {
      const buttons = rest.filter((b): b is string => typeof b === 'string');
      this.asked.push({ kind: 'info', text: message, choices: buttons });
      const pick = this.answerNotification?.(message, buttons);
      return pick !== undefined && buttons.includes(pick) ? pick : undefined;
    });
    this.replace('showErrorMessage', async (message: string) => { this.asked.push({ kind: 'error', text: message }); return undefined; });
    this.replace('showOpenDialog', async (options: vscode.OpenDialogOptions = {}) => {
      const step = await this.next('openDialog', options.title ?? options.openLabel ?? '');
      return step && typeof step.answer === 'string' ? [vscode.Uri.file(step.answer)] : undefined;
    });
  }

  /** A stand-in for `createQuickPick()`: once shown, it is answered from the script like showQuickPick. */
  private scriptedQuickPick(): unknown {
    const accepted = new vscode.EventEmitter<void>();
    const hidden = new vscode.EventEmitter<void>();
    const changed = new vscode.EventEmitter<string>();
    const pick = {
      title: '', placeholder: '', busy: false, value: '', items: [] as vscode.QuickPickItem[], selectedItems: [] as vscode.QuickPickItem[],
      activeItems: [] as vscode.QuickPickItem[],
      onDidAccept: accepted.event, onDidHide: hidden.event, onDidChangeValue: changed.event,
      show: () => {
        void (async () => {
          const step = await this.next('quickPick', [pick.title, pick.placeholder].filter(Boolean).join(' — '), pick.items.map((i) => i.label), undefined, pick.activeItems[0]?.label);
          if (!step || typeof step.answer !== 'string') {
            hidden.fire();
            return;
          }
          pick.value = step.answer;
          changed.fire(step.answer);
          pick.selectedItems = pick.items.filter((item) => item.label === step.answer);
          accepted.fire();
        })();
      },
      hide: () => hidden.fire(),
      dispose: () => { accepted.dispose(); hidden.dispose(); changed.dispose(); },
    };
    return pick;
  }

  /** Notifications shown so far (information, warning, error), as text. */
  messages(kind: 'info' | 'warning' | 'error'): string[] {
    return this.asked.filter((a) => a.kind === kind).map((a) => a.text);
  }

  /** Puts the real dialogs back; fails if a step was not reached or a dialog came unscripted. */
  finish(): void {
    this.restore();
    assert.deepEqual(this.problems, [], `dialogs:\n${JSON.stringify(this.asked, null, 1)}`);
    assert.equal(this.steps.length, 0, `questions never asked: ${this.steps.map((s) => `${s.kind} ${s.expect}`).join('; ')}\nasked: ${JSON.stringify(this.asked, null, 1)}`);
  }

  restore(): void {
    const window = vscode.window as unknown as Record<string, unknown>;
    for (const [name, descriptor] of this.originals) Object.defineProperty(window, name, descriptor);
  }

  private replace(name: (typeof STUBBED)[number], stub: (...args: never[]) => unknown): void {
    const original = this.originals.get(name);
    Object.defineProperty(vscode.window, name, { ...original, value: stub, writable: true, configurable: true });
  }

  private async next(kind: DialogKind, text: string, choices?: string[], detail?: string, initial?: string): Promise<Step | undefined> {
    this.asked.push({ kind, text, choices, detail, ...(initial === undefined ? {} : { initial }) });
    const step = this.steps.shift();
    if (!step) {
      if (!this.cancelUnscripted) this.problems.push(`unscripted ${kind}: ${text}`);
      return undefined;
    }
    if (step.kind !== kind || !step.expect.test(text)) {
      this.problems.push(`expected ${step.kind} ${step.expect}, got ${kind} "${text}"`);
      return undefined;
    }
    await step.meanwhile?.();
    return step;
  }
}

/** Runs `action` with the dialogs scripted by `steps`; returns its result and what was asked. */
export async function withDialogs<T>(steps: Step[], action: () => Thenable<T> | Promise<T>): Promise<{ result: T; dialogs: ScriptedDialogs }> {
  const dialogs = new ScriptedDialogs([...steps]);
  try {
    const result = await action();
    dialogs.finish();
    return { result, dialogs };
  } finally {
    dialogs.restore();
  }
}
