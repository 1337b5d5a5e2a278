// Finds user-facing text in the extension's UI code that bypasses localisation: a string or template
// literal with words in it, passed where VS Code shows it to the user (messages and their buttons,
// quick picks, input boxes, progress, dialogs, the status bar, tree rows: labels, descriptions,
// tooltips, message rows and their actions). Text must come from `l10n.t(...)`
// (VS Code's `vscode.l10n.t` or `@vscode/l10n` in modules that must not import `vscode`), whose
// message is one plain string literal with a `{n}` placeholder for each argument.
import * as ts from 'typescript';

export interface Finding { file: string; line: number; text: string; problem: string }

/** Calls whose every argument is shown (a message and its buttons), and which option fields are. */
const MESSAGE_CALLS = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage', 'setStatusBarMessage']);
const OPTION_FIELDS: Record<string, string[]> = {
  showQuickPick: ['title', 'placeHolder', 'prompt'],
  showInputBox: ['title', 'prompt', 'placeHolder'],
  withProgress: ['title'],
  report: ['message'],
  showOpenDialog: ['title', 'openLabel'],
  showSaveDialog: ['title', 'saveLabel'],
};
/** Fields of message options and message items (buttons). */
const MESSAGE_FIELDS = ['detail', 'title'];
/** Fields of quick-pick items. */
const ITEM_FIELDS = ['label', 'description', 'detail'];
/** Properties of a created quick pick, input box or tree item that are shown. */
const ASSIGNED_FIELDS = new Set(['title', 'placeholder', 'prompt', 'description', 'tooltip']);
/** Shown fields of the tree's message rows (`kind: 'message'`). */
const MESSAGE_ROW_FIELDS = ['text', 'detail'];

/** Words, not counting icon references such as `$(edit)`. */
const hasWords = (text: string): boolean => /[A-Za-z]{2}/.test(text.replace(/\$\([\w~-]+\)/g, ''));

export function scanSource(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const constants = new Map<string, ts.Expression>();
  const collect = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer
      && ts.isVariableDeclarationList(node.parent) && (node.parent.flags & ts.NodeFlags.Const)) {
      constants.set(node.name.text, node.initializer);
    }
    ts.forEachChild(node, collect);
  };
  collect(sf);

  const report = (node: ts.Node, problem: string): void => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    findings.push({ file, line: line + 1, text: node.getText(sf).slice(0, 120), problem });
  };
  /** True when `expr` is (or may evaluate to) a literal with words, not a localised string. */
  const isRaw = (expr: ts.Expression, seen = new Set<string>()): boolean => {
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return hasWords(expr.text);
    if (ts.isTemplateExpression(expr)) return hasWords(expr.head.text) || expr.templateSpans.some((s) => hasWords(s.literal.text));
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr)) return isRaw(expr.expression, seen);
    if (ts.isConditionalExpression(expr)) return isRaw(expr.whenTrue, seen) || isRaw(expr.whenFalse, seen);
    if (ts.isBinaryExpression(expr)) return isRaw(expr.left, seen) || isRaw(expr.right, seen);
    if (ts.isArrayLiteralExpression(expr)) return expr.elements.some((e) => isRaw(ts.isSpreadElement(e) ? e.expression : e, seen));
    if (ts.isSpreadElement(expr)) return isRaw(expr.expression, seen);
    if (ts.isIdentifier(expr)) {
      const value = constants.get(expr.text);
      if (!value || seen.has(expr.text)) return false;
      seen.add(expr.text);
      return isRaw(value, seen);
    }
    // Array methods keep their receiver's elements: `[..., 'Push anyway'].filter(...)`.
    if (ts.isCallExpression(expr) && ts.isPropertyAccessExpression(expr.expression)
      && ['filter', 'slice', 'concat', 'sort'].includes(expr.expression.name.text)) {
      return isRaw(expr.expression.expression, seen);
    }
    return false;
  };
  const checkFields = (expr: ts.Expression | undefined, fields: string[], what: string, deep: boolean): void => {
    if (expr && ts.isIdentifier(expr)) expr = constants.get(expr.text);
    if (!expr) return;
    const visit = (node: ts.Node): void => {
      if (ts.isObjectLiteralExpression(node)) {
        for (const property of node.properties) {
          if (ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && fields.includes(property.name.text) && isRaw(property.initializer)) {
            report(property, `${what} ${property.name.text} is not localised`);
          }
        }
      }
      if (deep || node === expr || ts.isParenthesizedExpression(node)) ts.forEachChild(node, visit);
    };
    visit(expr);
  };

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = calleeName(node.expression);
      if (isL10nCall(node.expression)) checkL10nCall(node, report);
      else if (name && MESSAGE_CALLS.has(name)) {
        for (const argument of node.arguments) {
          if (ts.isObjectLiteralExpression(argument)) checkFields(argument, MESSAGE_FIELDS, name, false);
          else if (isRaw(argument)) report(argument, `${name} text is not localised`);
        }
      } else if (name && OPTION_FIELDS[name]) {
        const optionsIndex = name === 'showQuickPick' ? 1 : 0;
        checkFields(node.arguments[optionsIndex], OPTION_FIELDS[name], name, false);
        if (name === 'showQuickPick') {
          const items = node.arguments[0];
          if (items && ts.isArrayLiteralExpression(items) && items.elements.some((e) => isRaw(e as ts.Expression))) report(items, 'quick-pick item is not localised');
          checkFields(items, ITEM_FIELDS, 'quick-pick item', true);
        }
      }
    }
    if (ts.isNewExpression(node) && calleeName(node.expression) === 'TreeItem') {
      const label = node.arguments?.[0];
      if (label && !ts.isObjectLiteralExpression(label) && isRaw(label)) report(label, 'tree item label is not localised');
    }
    if (ts.isObjectLiteralExpression(node)) {
      const names = new Map(node.properties.filter(ts.isPropertyAssignment).filter((p) => ts.isIdentifier(p.name)).map((p) => [(p.name as ts.Identifier).text, p.initializer]));
      const kind = names.get('kind');
      if (kind && ts.isStringLiteral(kind) && kind.text === 'message') checkFields(node, MESSAGE_ROW_FIELDS, 'message row', false);
      // A command on a row or an action of a message row: its title is shown.
      if (names.has('command') && names.has('title')) checkFields(node, ['title'], 'command', false);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken
      && ts.isPropertyAccessExpression(node.left) && ASSIGNED_FIELDS.has(node.left.name.text) && isRaw(node.right)) {
      report(node, `${node.left.name.text} is not localised`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return findings;
}

function calleeName(callee: ts.Expression): string | undefined {
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isIdentifier(callee)) return callee.text;
  return undefined;
}

/** `vscode.l10n.t(...)`, `l10n.t(...)`. */
function isL10nCall(callee: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 't') return false;
  const owner = callee.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

/** The message must be one literal (extractable into a bundle) whose placeholders match the arguments. */
function checkL10nCall(call: ts.CallExpression, report: (node: ts.Node, problem: string) => void): void {
  const [message, ...args] = call.arguments;
  if (!message || !(ts.isStringLiteral(message) || ts.isNoSubstitutionTemplateLiteral(message))) {
    report(call, 'l10n.t needs a plain string literal as its message');
    return;
  }
  const used = new Set([...message.text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])));
  for (let i = 0; i < args.length; i++) if (!used.has(i)) report(call, `l10n.t argument ${i} has no {${i}} in the message`);
  for (const index of used) if (index >= args.length) report(call, `l10n.t message uses {${index}} but has ${args.length} argument(s)`);
}
