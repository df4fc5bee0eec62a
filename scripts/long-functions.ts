// Lists the functions longer than a limit (default 80 lines) in server/, web/src/ and domain/, the
// OpenAPI builders and the i18n catalogues aside (they are declarations, not logic).
// `npx tsx scripts/long-functions.ts [--limit 80]`: one line a function, longest first, then the count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const limit = Number(process.argv[process.argv.indexOf('--limit') + 1]) || 80;
const roots = ['server', 'web/src', 'domain'];
const skipped = (path: string) => /openapi/.test(path) || /\/i18n\//.test(path);

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return path.endsWith('.ts') && !skipped(path) ? [path] : [];
  });

const nameOf = (node: ts.Node, source: ts.SourceFile): string => {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) && node.name) return node.name.getText(source);
  if (ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name)) return node.parent.name.text;
  if (ts.isPropertyAssignment(node.parent)) return node.parent.name.getText(source);
  if (ts.isCallExpression(node.parent)) return `${node.parent.expression.getText(source).slice(0, 40)}(…) callback`;
  return '(anonymous)';
};

const long: { path: string; line: number; lines: number; name: string }[] = [];
for (const path of roots.flatMap(files)) {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node) => {
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (end - start + 1 > limit) long.push({ path, line: start + 1, lines: end - start + 1, name: nameOf(node, source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
long.sort((a, b) => b.lines - a.lines);
for (const f of long) console.log(`${String(f.lines).padStart(4)}  ${f.path}:${f.line}  ${f.name}`);
console.log(`${long.length} functions over ${limit} lines`);
