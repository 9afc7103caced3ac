//! The database schema: every table and column pyindex writes, as data.
//!
//! One declaration serves everything that needs the shape: the DDL (`pyindex schema`), the
//! writer's prepared INSERT statements, the `Table` enum extractors push rows into, and the test
//! that keeps `docs/schema.md` equal to what is created. Every table has an implicit first column
//! `id INTEGER PRIMARY KEY`; columns that hold ids are declared FOREIGN KEYs. Indexes are listed
//! apart (`INDEXES`) because they are built after the bulk load.

/// Bumped whenever a table or column changes; stored in `meta.schema_version`.
pub const SCHEMA_VERSION: i64 = 1;

/// One column: its name and its SQL declaration (type, constraints, reference).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub decl: &'static str,
}

/// One table: its name and its columns after the implicit `id`.
#[derive(Debug, Clone, Copy)]
pub struct TableDef {
    pub name: &'static str,
    pub columns: &'static [Column],
}

macro_rules! schema {
    ($( $variant:ident $name:literal { $($col:ident : $decl:expr),* $(,)? } )*) => {
        /// A table rows can be written to; `TABLES[t as usize]` is its definition.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(usize)]
        pub enum Table { $($variant),* }

        /// Every table, in creation (and foreign-key) order.
        pub const TABLES: &[TableDef] = &[
            $( TableDef { name: $name, columns: &[ $( Column { name: stringify!($col), decl: $decl } ),* ] } ),*
        ];

        impl Table {
            pub const ALL: &[Table] = &[$(Table::$variant),*];
        }
    };
}

impl Table {
    pub const COUNT: usize = Table::ALL.len();

    pub fn def(self) -> &'static TableDef {
        &TABLES[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    pub fn width(self) -> usize {
        self.def().columns.len()
    }
}

const FILE: &str = "INTEGER NOT NULL REFERENCES files(id)";
const SCOPE: &str = "INTEGER REFERENCES symbols(id)";
const SYMBOL: &str = "INTEGER REFERENCES symbols(id)";
const NN_SYMBOL: &str = "INTEGER NOT NULL REFERENCES symbols(id)";
const TEXT: &str = "TEXT";
const INT: &str = "INTEGER";
const NN_INT: &str = "INTEGER NOT NULL";
const NN_TEXT: &str = "TEXT NOT NULL";

schema! {
    // ---- core ----
    Files "files" {
        path: "TEXT NOT NULL", module: "TEXT", hash: "TEXT", bytes: "INTEGER", lines: "INTEGER",
        encoding: "TEXT", is_package: "INTEGER NOT NULL", is_stub: "INTEGER NOT NULL",
        is_test: "INTEGER NOT NULL", status: "TEXT NOT NULL",
    }
    Diagnostics "diagnostics" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", line: "INTEGER", col: "INTEGER",
        kind: "TEXT NOT NULL", message: "TEXT NOT NULL",
    }
    Symbols "symbols" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", parent_id: "INTEGER REFERENCES symbols(id)",
        kind: "TEXT NOT NULL", name: "TEXT NOT NULL", qualname: "TEXT NOT NULL",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", end_line: "INTEGER NOT NULL",
        end_col: "INTEGER NOT NULL", is_async: "INTEGER NOT NULL", returns: "TEXT", docstring: "TEXT",
    }
    ClassBases "class_bases" {
        symbol_id: "INTEGER NOT NULL REFERENCES symbols(id)", position: "INTEGER NOT NULL",
        keyword: "TEXT", name: "TEXT", name_qualified: "TEXT", expr: "TEXT NOT NULL",
    }
    Params "params" {
        symbol_id: "INTEGER NOT NULL REFERENCES symbols(id)", position: "INTEGER NOT NULL",
        name: "TEXT NOT NULL", kind: "TEXT NOT NULL", annotation: "TEXT", default_expr: "TEXT",
    }
    Decorators "decorators" {
        symbol_id: "INTEGER NOT NULL REFERENCES symbols(id)", position: "INTEGER NOT NULL",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", name: "TEXT", name_qualified: "TEXT",
        expr: "TEXT NOT NULL",
    }
    Imports "imports" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", module: "TEXT", name: "TEXT", alias: "TEXT",
        bound_name: "TEXT", level: "INTEGER NOT NULL", is_star: "INTEGER NOT NULL",
        is_type_checking: "INTEGER NOT NULL", resolved_module: "TEXT", resolved_name: "TEXT",
        resolved_file_id: "INTEGER REFERENCES files(id)",
    }
    Calls "calls" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", end_line: "INTEGER NOT NULL",
        end_col: "INTEGER NOT NULL", callee: "TEXT", callee_qualified: "TEXT",
        target_symbol_id: "INTEGER REFERENCES symbols(id)", arg_count: "INTEGER NOT NULL",
    }
    CallArgs "call_args" {
        call_id: "INTEGER NOT NULL REFERENCES calls(id)", position: "INTEGER NOT NULL",
        keyword: "TEXT", star: "TEXT", expr: "TEXT NOT NULL",
    }
    Assignments "assignments" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", target: "TEXT NOT NULL",
        target_kind: "TEXT NOT NULL", op: "TEXT NOT NULL", annotation: "TEXT", value: "TEXT",
    }
    AssignmentSources "assignment_sources" {
        assignment_id: "INTEGER NOT NULL REFERENCES assignments(id)", name: "TEXT NOT NULL",
    }
    Returns "returns" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", expr: "TEXT",
    }
    ReturnSources "return_sources" {
        return_id: "INTEGER NOT NULL REFERENCES returns(id)", name: "TEXT NOT NULL",
    }
    NameUses "name_uses" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", name: "TEXT NOT NULL", ctx: "TEXT NOT NULL",
    }
    DictEntries "dict_entries" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", target: "TEXT", key: "TEXT",
        value: "TEXT NOT NULL", depth: "INTEGER NOT NULL",
    }

    // ---- frameworks ----
    OrmModels "orm_models" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", framework: "TEXT NOT NULL", name: "TEXT NOT NULL", table_name: "TEXT",
        is_abstract: "INTEGER NOT NULL",
    }
    OrmFields "orm_fields" {
        model_id: "INTEGER NOT NULL REFERENCES orm_models(id)", line: "INTEGER NOT NULL",
        name: "TEXT NOT NULL", field_type: "TEXT", is_primary_key: "INTEGER NOT NULL",
        is_foreign_key: "INTEGER NOT NULL", nullable: "INTEGER", is_unique: "INTEGER NOT NULL",
        target: "TEXT",
    }
    OrmRelationships "orm_relationships" {
        model_id: "INTEGER NOT NULL REFERENCES orm_models(id)", line: "INTEGER NOT NULL",
        name: "TEXT", kind: "TEXT NOT NULL", target_model: "TEXT", through: "TEXT",
        back_populates: "TEXT", on_delete: "TEXT", cascade: "TEXT",
    }
    Routes "routes" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", framework: "TEXT NOT NULL", method: "TEXT NOT NULL", path: "TEXT",
        full_path: "TEXT", handler: "TEXT", router: "TEXT", has_auth: "INTEGER NOT NULL",
    }
    RouteControls "route_controls" {
        route_id: "INTEGER NOT NULL REFERENCES routes(id)", kind: "TEXT NOT NULL", name: "TEXT NOT NULL",
    }
    Schemas "schemas" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", framework: "TEXT NOT NULL", name: "TEXT NOT NULL",
    }
    SchemaFields "schema_fields" {
        schema_id: "INTEGER NOT NULL REFERENCES schemas(id)", line: "INTEGER NOT NULL",
        name: "TEXT NOT NULL", field_type: "TEXT", is_required: "INTEGER", default_expr: "TEXT",
    }
    Validators "validators" {
        schema_id: "INTEGER REFERENCES schemas(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", kind: "TEXT NOT NULL", name: "TEXT NOT NULL", fields: "TEXT",
    }
    FrameworkItems "framework_items" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", framework: "TEXT NOT NULL", kind: "TEXT NOT NULL", name: "TEXT",
        target: "TEXT",
    }
    Tasks "tasks" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", framework: "TEXT NOT NULL", name: "TEXT NOT NULL", options: "TEXT",
    }
    TaskCalls "task_calls" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", task: "TEXT NOT NULL", method: "TEXT NOT NULL",
    }

    // ---- analysis ----
    CfgBlocks "cfg_blocks" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        kind: "TEXT NOT NULL", start_line: "INTEGER", end_line: "INTEGER", condition: "TEXT",
    }
    CfgEdges "cfg_edges" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        source_block_id: "INTEGER NOT NULL REFERENCES cfg_blocks(id)",
        target_block_id: "INTEGER NOT NULL REFERENCES cfg_blocks(id)", kind: "TEXT NOT NULL",
    }
    CfgStatements "cfg_statements" {
        block_id: "INTEGER NOT NULL REFERENCES cfg_blocks(id)", position: "INTEGER NOT NULL",
        line: "INTEGER NOT NULL", kind: "TEXT NOT NULL", text: "TEXT",
    }
    SecurityFindings "security_findings" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", rule: "TEXT NOT NULL", callee: "TEXT",
        detail: "TEXT",
    }
    SqlQueries "sql_queries" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", command: "TEXT NOT NULL", text: "TEXT", is_dynamic: "INTEGER NOT NULL",
    }
    SqlQueryTables "sql_query_tables" {
        query_id: "INTEGER NOT NULL REFERENCES sql_queries(id)", table_name: "TEXT NOT NULL",
    }
    TestCases "test_cases" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", framework: "TEXT NOT NULL", name: "TEXT NOT NULL",
    }
    TestFixtures "test_fixtures" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", name: "TEXT NOT NULL", scope: "TEXT", autouse: "INTEGER NOT NULL",
    }
    TypeParams "type_params" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL",
        owner: "TEXT NOT NULL", position: "INTEGER NOT NULL", name: "TEXT NOT NULL",
        kind: "TEXT NOT NULL", bound: "TEXT", default_expr: "TEXT",
    }
    TypeAliases "type_aliases" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", name: "TEXT NOT NULL", value: "TEXT NOT NULL",
    }

    // ---- language features ----
    Loops "loops" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        has_else: INT, nesting_level: INT, target_count: INT, is_infinite: INT,
    }
    Branches "branches" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        has_else: INT, elif_count: INT, case_count: INT, has_guard: INT, has_wildcard: INT,
        handler_count: INT,
    }
    ExceptHandlers "except_handlers" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        exception_types: TEXT, name: TEXT, is_bare: INT, reraises: INT, strategy: TEXT,
    }
    Comprehensions "comprehensions" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        generator_count: INT, has_filter: INT, nesting_level: INT,
    }
    Statements "statements" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, detail: TEXT,
    }
    Expressions "expressions" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, detail: TEXT,
    }
    Operators "operators" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, operator: TEXT,
    }
    CollectionOps "collection_ops" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        method: TEXT, collection_type: TEXT, mutates_in_place: INT, target: TEXT, is_decorator: INT,
    }
    FunctionFeatures "function_features" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, symbol_id: NN_SYMBOL,
        detail: TEXT,
    }
    ClassFeatures "class_features" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, symbol_id: NN_SYMBOL,
        detail: TEXT, count: INT,
    }
    Descriptors "descriptors" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, symbol_id: SYMBOL,
        name: TEXT,
    }
    Protocols "protocols" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, symbol_id: NN_SYMBOL,
    }
    ProtocolMethods "protocol_methods" {
        protocol_id: "INTEGER NOT NULL REFERENCES protocols(id)", method: "TEXT NOT NULL",
    }
    StdlibUses "stdlib_uses" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, module: TEXT, function: TEXT,
        is_decorator: INT,
    }
    Mutations "mutations" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, target: TEXT, op: TEXT,
        in_init: INT, receiver: TEXT,
    }

    // ---- tables of each domain's own design: a domain adds its tables after its own marker ----
    // control, expressions, classes, stdlib, mutations (language features):
    ImportConditions "import_conditions" {
        import_id: "INTEGER NOT NULL REFERENCES imports(id)", depth: NN_INT, kind: NN_TEXT, detail: TEXT,
    }
    ModuleFacts "module_facts" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, name: TEXT, value: TEXT,
    }
    ModuleExports "module_exports" {
        fact_id: "INTEGER NOT NULL REFERENCES module_facts(id)", position: NN_INT, name: NN_TEXT,
    }
    // cfg:
    // security:
    // dataflow:
    // testing:
    // types:
    // exceptions:
    // cdk:
    // orm:
    // routes:
    // validation:
    // web:
    // tasks:
    // link (repository-wide facts):
}

/// An index built after the bulk load (building it during the load would slow every insert).
pub struct IndexDef {
    pub name: &'static str,
    pub table: &'static str,
    pub columns: &'static str,
    pub unique: bool,
    /// A partial index's condition (`WHERE ...`), for columns that are mostly NULL.
    pub filter: Option<&'static str>,
}

const fn index(name: &'static str, table: &'static str, columns: &'static str) -> IndexDef {
    IndexDef { name, table, columns, unique: false, filter: None }
}

/// An index of the rows where `column` is set (linked ids are mostly NULL).
const fn index_non_null(
    name: &'static str,
    table: &'static str,
    column: &'static str,
    filter: &'static str,
) -> IndexDef {
    IndexDef { name, table, columns: column, unique: false, filter: Some(filter) }
}

/// Every index; built after the link stage (so partial indexes see linked values).
pub const INDEXES: &[IndexDef] = &[
    IndexDef { name: "files_path", table: "files", columns: "path", unique: true, filter: None },
    index("files_module", "files", "module"),
    index("diagnostics_file", "diagnostics", "file_id"),
    index("symbols_file", "symbols", "file_id"),
    index("symbols_qualname", "symbols", "qualname"),
    index("symbols_name", "symbols", "name"),
    index("symbols_parent", "symbols", "parent_id"),
    index("class_bases_symbol", "class_bases", "symbol_id"),
    index("class_bases_name_qualified", "class_bases", "name_qualified"),
    index("params_symbol", "params", "symbol_id"),
    index("decorators_symbol", "decorators", "symbol_id"),
    index("decorators_name", "decorators", "name"),
    index("imports_file", "imports", "file_id"),
    index_non_null("imports_resolved_file", "imports", "resolved_file_id", "resolved_file_id IS NOT NULL"),
    index("imports_resolved_name", "imports", "resolved_name"),
    index("calls_file", "calls", "file_id"),
    index("calls_scope", "calls", "scope_id"),
    index("calls_callee_qualified", "calls", "callee_qualified"),
    index_non_null("calls_target", "calls", "target_symbol_id", "target_symbol_id IS NOT NULL"),
    index("call_args_call", "call_args", "call_id"),
    index("assignments_file", "assignments", "file_id"),
    index("assignments_scope", "assignments", "scope_id"),
    index("assignments_target", "assignments", "target"),
    index("assignment_sources_assignment", "assignment_sources", "assignment_id"),
    index("returns_file", "returns", "file_id"),
    index("returns_scope", "returns", "scope_id"),
    index("return_sources_return", "return_sources", "return_id"),
    index("name_uses_file", "name_uses", "file_id"),
    index("name_uses_scope", "name_uses", "scope_id"),
    index("name_uses_name", "name_uses", "name"),
    index("dict_entries_file", "dict_entries", "file_id"),
    // Each domain adds its indexes after its own marker:
    // language features:
    index("import_conditions_import", "import_conditions", "import_id"),
    index("module_facts_file", "module_facts", "file_id"),
    index("module_exports_fact", "module_exports", "fact_id"),
    // cfg:
    // security:
    // dataflow:
    // testing:
    // types:
    // exceptions:
    // cdk:
    // orm:
    // routes:
    // validation:
    // web:
    // tasks:
    // link:
];

/// The complete DDL: `meta`, then every table. Indexes are separate (`index_ddl`).
pub fn ddl() -> String {
    let mut sql = String::from("CREATE TABLE meta (\n  key TEXT PRIMARY KEY,\n  value TEXT\n);\n");
    for table in TABLES {
        sql.push_str(&format!("CREATE TABLE {} (\n  id INTEGER PRIMARY KEY", table.name));
        for column in table.columns {
            sql.push_str(&format!(",\n  {} {}", column.name, column.decl));
        }
        sql.push_str("\n);\n");
    }
    sql
}

/// `CREATE INDEX` statements for `indexes`.
pub fn index_ddl(indexes: &[IndexDef]) -> String {
    indexes
        .iter()
        .map(|i| {
            let unique = if i.unique { "UNIQUE " } else { "" };
            let filter = i.filter.map(|f| format!(" WHERE {f}")).unwrap_or_default();
            format!("CREATE {unique}INDEX {} ON {}({}){filter};\n", i.name, i.table, i.columns)
        })
        .collect()
}

/// The INSERT of `rows` rows into `table` (every column but `id`, which SQLite assigns).
pub fn insert_sql(table: Table, rows: usize) -> String {
    let def = table.def();
    let names: Vec<&str> = def.columns.iter().map(|c| c.name).collect();
    let row = format!("({})", vec!["?"; names.len()].join(", "));
    let values = vec![row; rows].join(", ");
    format!("INSERT INTO {} ({}) VALUES {values}", def.name, names.join(", "))
}
