#!/usr/bin/env python3
"""Compares a pyindex database with what CPython's own `ast` says about the same files.

Usage: scripts/check-against-cpython.py INDEX.db ROOT

For every file indexed with status `ok` that this Python can parse, the multiset of positions
(and names, for name uses) of symbols, calls, name uses, returns, imports, assignment targets,
decorators and dict entries, and the positions and kinds of loops, branches, except handlers,
comprehensions, statements and expressions, must be the same in the database and in
`ast.parse`; operators (which `ast` does not place) are compared by kind and operator. Prints the
mismatches and exits 1 if there are any. Run it on a large corpus (CPython's standard library:
`.ci/run` does) to catch position and coverage bugs that small fixtures miss.
"""

import ast
import collections
import os
import sqlite3
import sys


def leaves(target):
    """Assignment targets as pyindex records them: tuples and lists unpacked."""
    if isinstance(target, (ast.Tuple, ast.List)):
        for element in target.elts:
            yield from leaves(element)
    else:
        yield target


def pos(node):
    return (node.lineno, node.col_offset)


LOOPS = {ast.For: "for", ast.AsyncFor: "async_for", ast.While: "while"}
COMPREHENSIONS = {ast.ListComp: "list", ast.SetComp: "set", ast.DictComp: "dict", ast.GeneratorExp: "generator"}
STATEMENTS = {
    ast.With: "with", ast.AsyncWith: "async_with", ast.Assert: "assert", ast.Delete: "del",
    ast.Global: "global", ast.Nonlocal: "nonlocal", ast.Raise: "raise", ast.Break: "break",
    ast.Continue: "continue", ast.Pass: "pass",
}
EXPRESSIONS = {
    ast.NamedExpr: "walrus", ast.IfExp: "ternary", ast.JoinedStr: "fstring", ast.Await: "await",
    ast.Yield: "yield", ast.YieldFrom: "yield_from", ast.Starred: "starred", ast.Slice: "slice",
}
if hasattr(ast, "TemplateStr"):
    EXPRESSIONS[ast.TemplateStr] = "tstring"
BINARY = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.MatMult: "@", ast.Div: "/", ast.Mod: "%",
    ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>", ast.BitOr: "|", ast.BitXor: "^",
    ast.BitAnd: "&", ast.FloorDiv: "//",
}
UNARY = {ast.Invert: "~", ast.Not: "not", ast.UAdd: "+", ast.USub: "-"}
COMPARE = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}


def language_features(tree, lines, facts):
    """Loops, branches, handlers, comprehensions, statements, expressions and operators."""
    format_specs = {id(n.format_spec) for n in ast.walk(tree) if isinstance(n, ast.FormattedValue) and n.format_spec}
    for node in ast.walk(tree):
        kind = type(node)
        if kind in LOOPS:
            facts["loops"][(*pos(node), LOOPS[kind])] += 1
        elif kind is ast.If:
            # An `elif` is an `If` in `ast`; it is part of its `if`'s row.
            line = lines[node.lineno - 1] if node.lineno <= len(lines) else b""
            if not line[node.col_offset:].startswith(b"elif"):
                facts["branches"][(*pos(node), "if")] += 1
        elif kind is ast.Match:
            facts["branches"][(*pos(node), "match")] += 1
        elif kind.__name__ in ("Try", "TryStar"):
            star = kind.__name__ == "TryStar"
            facts["branches"][(*pos(node), "try_star" if star else "try")] += 1
            for handler in node.handlers:
                facts["except_handlers"][(*pos(handler), "except_star" if star else "except")] += 1
        elif kind in COMPREHENSIONS:
            facts["comprehensions"][(*pos(node), COMPREHENSIONS[kind])] += 1
        elif kind in STATEMENTS:
            facts["statements"][(*pos(node), STATEMENTS[kind])] += 1
        elif kind in EXPRESSIONS:
            skip = (kind is ast.Starred and not isinstance(node.ctx, ast.Load)) or id(node) in format_specs
            if not skip:
                facts["expressions"][(*pos(node), EXPRESSIONS[kind])] += 1
        if kind is ast.BinOp:
            facts["operators"][("binary", BINARY[type(node.op)])] += 1
        elif kind is ast.AugAssign:
            facts["operators"][("augmented", BINARY[type(node.op)] + "=")] += 1
        elif kind is ast.UnaryOp:
            facts["operators"][("unary", UNARY[type(node.op)])] += 1
        elif kind is ast.BoolOp:
            op = "and" if isinstance(node.op, ast.And) else "or"
            facts["operators"][("boolean", op)] += len(node.values) - 1
        elif kind is ast.Compare:
            for op in node.ops:
                facts["operators"][("compare", COMPARE[type(op)])] += 1


def expected(tree, lines):
    facts = collections.defaultdict(collections.Counter)
    language_features(tree, lines, facts)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            facts["symbols"][(*pos(node), node.end_lineno, node.end_col_offset)] += 1
            for decorator in getattr(node, "decorator_list", []):
                facts["decorators"][pos(decorator)] += 1
        elif isinstance(node, ast.Call):
            facts["calls"][(*pos(node), node.end_lineno, node.end_col_offset)] += 1
        elif isinstance(node, ast.Name):
            facts["name_uses"][(*pos(node), node.id, type(node.ctx).__name__.lower())] += 1
        elif isinstance(node, ast.Return):
            facts["returns"][pos(node)] += 1
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            facts["imports"][pos(node)] += len(node.names)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                for leaf in leaves(target):
                    facts["assignments"][pos(leaf)] += 1
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            for leaf in leaves(node.target):
                facts["assignments"][pos(leaf)] += 1
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                facts["dict_entries"][pos(key if key is not None else value)] += 1
    return facts


QUERIES = {
    "symbols": "SELECT line, col, end_line, end_col FROM symbols WHERE file_id = ?",
    "decorators": "SELECT d.line, d.col FROM decorators d JOIN symbols s ON s.id = d.symbol_id WHERE s.file_id = ?",
    "calls": "SELECT line, col, end_line, end_col FROM calls WHERE file_id = ?",
    "name_uses": "SELECT line, col, name, ctx FROM name_uses WHERE file_id = ?",
    "returns": "SELECT line, col FROM returns WHERE file_id = ?",
    "imports": "SELECT line, col FROM imports WHERE file_id = ?",
    "assignments": "SELECT line, col FROM assignments WHERE file_id = ?",
    "dict_entries": "SELECT line, col FROM dict_entries WHERE file_id = ?",
    "loops": "SELECT line, col, kind FROM loops WHERE file_id = ?",
    "branches": "SELECT line, col, kind FROM branches WHERE file_id = ?",
    "except_handlers": "SELECT line, col, kind FROM except_handlers WHERE file_id = ?",
    "comprehensions": "SELECT line, col, kind FROM comprehensions WHERE file_id = ?",
    "statements": "SELECT line, col, kind FROM statements WHERE file_id = ?",
    "expressions": "SELECT line, col, kind FROM expressions WHERE file_id = ?",
    "operators": "SELECT kind, operator FROM operators WHERE file_id = ?",
}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    db, root = sys.argv[1], sys.argv[2]
    conn = sqlite3.connect(db)
    checked = facts_checked = 0
    mismatches = collections.Counter()
    examples = []
    for path, file_id in conn.execute("SELECT path, id FROM files WHERE status = 'ok' ORDER BY path"):
        try:
            with open(os.path.join(root, path), "rb") as f:
                source = f.read()
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            continue  # Newer syntax than this Python knows.
        checked += 1
        want = expected(tree, source.splitlines())
        for table, sql in QUERIES.items():
            got = collections.Counter(conn.execute(sql, (file_id,)).fetchall())
            facts_checked += sum(want[table].values())
            missing, extra = want[table] - got, got - want[table]
            if missing or extra:
                mismatches[table] += sum(missing.values()) + sum(extra.values())
                if len(examples) < 20:
                    examples.append(f"{path}: {table}: missing {sorted(missing)[:3]}, extra {sorted(extra)[:3]}")
    print(f"checked {checked} files, {facts_checked} facts against Python {sys.version.split()[0]}'s ast")
    for example in examples:
        print("  " + example)
    if mismatches:
        print(f"mismatches: {dict(mismatches)}")
        sys.exit(1)
    print("no mismatches")


if __name__ == "__main__":
    main()
