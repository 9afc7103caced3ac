#!/usr/bin/env python3
"""Compares a pyindex database with what CPython's own `ast` says about the same files.

Usage: scripts/check-against-cpython.py INDEX.db ROOT

For every file indexed with status `ok` that this Python can parse, the multiset of positions
(and names, for name uses) of symbols, calls, name uses, returns, imports, assignment targets,
decorators and dict entries must be the same in the database and in `ast.parse`. Prints the
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


def expected(tree):
    facts = collections.defaultdict(collections.Counter)
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
                tree = ast.parse(f.read())
        except (SyntaxError, ValueError):
            continue  # Newer syntax than this Python knows.
        checked += 1
        want = expected(tree)
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
