//! The database schema: every table and column pyindex writes, as data.
//!
//! One declaration serves everything that needs the shape: the DDL (`pyindex schema`), the
//! writer's prepared INSERT statements, the `Table` enum extractors push rows into, and the test
//! that keeps `docs/schema.md` equal to what is created. Every table has an implicit first column
//! `id INTEGER PRIMARY KEY`; columns that hold ids are declared FOREIGN KEYs. Indexes are listed
//! apart (`INDEXES`) because they are built after the bulk load.

/// Bumped whenever a table or column changes; stored in `meta.schema_version`.
pub const SCHEMA_VERSION: i64 = 2;

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
        is_test: "INTEGER NOT NULL", status: "TEXT NOT NULL", mtime_ns: "INTEGER",
        has_linked_facts: "INTEGER NOT NULL",
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
        is_proxy: NN_INT, app_label: TEXT, base: TEXT, detected_by: NN_TEXT, table_name_source: TEXT,
    }
    OrmFields "orm_fields" {
        model_id: "INTEGER NOT NULL REFERENCES orm_models(id)", line: "INTEGER NOT NULL",
        name: "TEXT NOT NULL", field_type: "TEXT", is_primary_key: "INTEGER NOT NULL",
        is_foreign_key: "INTEGER NOT NULL", nullable: "INTEGER", is_unique: "INTEGER NOT NULL",
        target: "TEXT",
        default_expr: TEXT, declared_in_id: SYMBOL,
    }
    OrmRelationships "orm_relationships" {
        model_id: "INTEGER NOT NULL REFERENCES orm_models(id)", line: "INTEGER NOT NULL",
        name: "TEXT", kind: "TEXT NOT NULL", target_model: "TEXT", through: "TEXT",
        back_populates: "TEXT", on_delete: "TEXT", cascade: "TEXT",
        backref: TEXT, uselist: INT, is_inverse: NN_INT,
        target_model_id: "INTEGER REFERENCES orm_models(id)",
    }
    Routes "routes" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", framework: "TEXT NOT NULL", method: "TEXT NOT NULL", path: "TEXT",
        full_path: "TEXT", handler: "TEXT", router: "TEXT", has_auth: "INTEGER NOT NULL",
        endpoint: TEXT, handler_qualified: TEXT, router_qualified: TEXT,
        object_id: "INTEGER REFERENCES route_objects(id)",
    }
    RouteControls "route_controls" {
        route_id: "INTEGER NOT NULL REFERENCES routes(id)", kind: "TEXT NOT NULL", name: "TEXT NOT NULL",
        is_auth: NN_INT,
    }
    Schemas "schemas" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", framework: "TEXT NOT NULL", name: "TEXT NOT NULL",
        model: TEXT, base: TEXT, detected_by: NN_TEXT,
    }
    SchemaFields "schema_fields" {
        schema_id: "INTEGER NOT NULL REFERENCES schemas(id)", line: "INTEGER NOT NULL",
        name: "TEXT NOT NULL", field_type: "TEXT", is_required: "INTEGER", default_expr: "TEXT",
        origin: NN_TEXT,
    }
    Validators "validators" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", schema_id: "INTEGER REFERENCES schemas(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", kind: "TEXT NOT NULL", name: "TEXT NOT NULL", fields: "TEXT",
        mode: TEXT,
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
        col: NN_INT, arg_count: NN_INT, countdown: TEXT, eta: TEXT, queue: TEXT,
        task_id: "INTEGER REFERENCES tasks(id)",
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
        detail: "TEXT", call_id: "INTEGER REFERENCES calls(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        bandit: "TEXT", is_dynamic: "INTEGER",
    }
    SqlQueries "sql_queries" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", command: "TEXT NOT NULL", text: "TEXT", is_dynamic: "INTEGER NOT NULL",
        col: "INTEGER NOT NULL", call_id: "INTEGER REFERENCES calls(id)",
    }
    SqlQueryTables "sql_query_tables" {
        query_id: "INTEGER NOT NULL REFERENCES sql_queries(id)", table_name: "TEXT NOT NULL",
    }
    TestCases "test_cases" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", framework: "TEXT NOT NULL", name: "TEXT NOT NULL",
        class_name: TEXT,
    }
    TestFixtures "test_fixtures" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", symbol_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", name: "TEXT NOT NULL", scope: "TEXT", autouse: "INTEGER NOT NULL",
        is_yield: NN_INT, params_expr: TEXT,
    }
    TypeParams "type_params" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL",
        owner: "TEXT NOT NULL", position: "INTEGER NOT NULL", name: "TEXT NOT NULL",
        kind: "TEXT NOT NULL", bound: "TEXT", default_expr: "TEXT",
        owner_kind: NN_TEXT, symbol_id: SYMBOL, is_constrained: NN_INT,
    }
    TypeAliases "type_aliases" {
        file_id: "INTEGER NOT NULL REFERENCES files(id)", scope_id: "INTEGER REFERENCES symbols(id)",
        line: "INTEGER NOT NULL", col: "INTEGER NOT NULL", name: "TEXT NOT NULL", value: "TEXT NOT NULL",
        form: NN_TEXT,
    }

    // ---- language features ----
    Loops "loops" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        has_else: INT, nesting_level: INT, target_count: INT, is_infinite: INT,
        target: TEXT, iter: TEXT, condition: TEXT, iteration: TEXT, has_break: INT,
        grows_collection: INT, inner_depth: INT,
    }
    Branches "branches" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        has_else: INT, elif_count: INT, case_count: INT, has_guard: INT, has_wildcard: INT,
        handler_count: INT, nesting_level: INT, has_finally: INT, has_complex_condition: INT,
        condition: TEXT,
    }
    ExceptHandlers "except_handlers" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        exception_types: TEXT, name: TEXT, is_bare: INT, reraises: INT, strategy: TEXT,
        try_id: "INTEGER REFERENCES branches(id)", is_broad: INT, logs: INT,
    }
    Comprehensions "comprehensions" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        generator_count: INT, has_filter: INT, nesting_level: INT, element: TEXT, is_async: INT,
    }
    Statements "statements" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, detail: TEXT,
        count: INT, message: TEXT, cause: TEXT, loop_id: "INTEGER REFERENCES loops(id)",
    }
    Expressions "expressions" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, detail: TEXT,
        value: TEXT, count: INT, in_loop: INT,
    }
    Operators "operators" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, operator: TEXT,
        left: TEXT, right: TEXT, chain_length: INT, container_type: TEXT,
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
    // control:
    MatchCases "match_cases" {
        branch_id: "INTEGER NOT NULL REFERENCES branches(id)", position: NN_INT, line: NN_INT,
        col: NN_INT, pattern_kind: NN_TEXT, pattern: NN_TEXT, guard: TEXT,
    }
    WithItems "with_items" {
        statement_id: "INTEGER NOT NULL REFERENCES statements(id)", position: NN_INT, line: NN_INT,
        col: NN_INT, expr: NN_TEXT, alias: TEXT,
    }
    // expressions:
    ComprehensionClauses "comprehension_clauses" {
        comprehension_id: "INTEGER NOT NULL REFERENCES comprehensions(id)", position: NN_INT,
        line: NN_INT, col: NN_INT, target: NN_TEXT, iter: NN_TEXT, is_async: NN_INT,
        filter_count: NN_INT, filter: TEXT,
    }
    // classes, stdlib, mutations:
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
    JwtUses "jwt_uses" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT,
        call_id: "INTEGER NOT NULL REFERENCES calls(id)", callee: TEXT, library: NN_TEXT, operation: NN_TEXT,
        secret_source: TEXT, secret_expr: TEXT, verification_disabled: "INTEGER NOT NULL", disabled_by: TEXT,
    }
    JwtAlgorithms "jwt_algorithms" {
        jwt_use_id: "INTEGER NOT NULL REFERENCES jwt_uses(id)", position: NN_INT, algorithm: NN_TEXT,
    }
    // dataflow:
    IoOperations "io_operations" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, operation: NN_TEXT,
        callee: TEXT, call_id: "INTEGER REFERENCES calls(id)", target: TEXT, target_expr: TEXT,
    }
    ParamFlows "param_flows" {
        file_id: FILE, scope_id: NN_SYMBOL, line: NN_INT, col: NN_INT, param: NN_TEXT, position: NN_INT,
        return_id: "INTEGER REFERENCES returns(id)", kind: NN_TEXT, is_conditional: "INTEGER NOT NULL",
    }
    ClosureCaptures "closure_captures" {
        file_id: FILE, scope_id: NN_SYMBOL, line: NN_INT, col: NN_INT, name: NN_TEXT,
        outer_scope_id: NN_SYMBOL, is_nonlocal: "INTEGER NOT NULL",
    }
    ConditionalCalls "conditional_calls" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, call_id: "INTEGER NOT NULL REFERENCES calls(id)",
        callee: TEXT, branch: NN_TEXT, condition: TEXT, nesting_level: NN_INT, is_guard: "INTEGER NOT NULL",
    }
    // testing:
    TestClasses "test_classes" {
        file_id: FILE, symbol_id: NN_SYMBOL, line: NN_INT, framework: NN_TEXT, name: NN_TEXT,
        base: TEXT, test_count: NN_INT, has_setup: NN_INT, has_teardown: NN_INT,
        has_setup_class: NN_INT, has_teardown_class: NN_INT,
    }
    FixtureParams "fixture_params" {
        fixture_id: "INTEGER NOT NULL REFERENCES test_fixtures(id)", position: NN_INT, value: NN_TEXT,
        id_label: TEXT,
    }
    Assertions "assertions" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        test_id: "INTEGER REFERENCES test_cases(id)", method: TEXT, expr: TEXT, message: TEXT,
    }
    Parametrizations "parametrizations" {
        file_id: FILE, symbol_id: NN_SYMBOL, line: NN_INT, col: NN_INT, argnames: NN_TEXT,
        argvalues: TEXT, set_count: INT, indirect: NN_INT, ids: TEXT,
    }
    ParametrizeValues "parametrize_values" {
        parametrization_id: "INTEGER NOT NULL REFERENCES parametrizations(id)", set_position: NN_INT,
        param_position: NN_INT, name: NN_TEXT, value: NN_TEXT, set_label: TEXT,
    }
    TestMarkers "test_markers" {
        file_id: FILE, scope_id: SCOPE, symbol_id: SYMBOL, line: NN_INT, col: NN_INT,
        framework: NN_TEXT, kind: NN_TEXT, name: NN_TEXT, condition: TEXT, reason: TEXT, expr: NN_TEXT,
        is_call: NN_INT,
    }
    PytestHooks "pytest_hooks" {
        file_id: FILE, symbol_id: NN_SYMBOL, line: NN_INT, kind: NN_TEXT, name: NN_TEXT,
        param_count: NN_INT, tryfirst: NN_INT, trylast: NN_INT, wrapper: NN_INT,
    }
    Mocks "mocks" {
        file_id: FILE, scope_id: SCOPE, symbol_id: SYMBOL, line: NN_INT, col: NN_INT, kind: NN_TEXT,
        callee: TEXT, callee_qualified: NN_TEXT, target: TEXT, attribute: TEXT, new_expr: TEXT,
    }
    HypothesisStrategies "hypothesis_strategies" {
        file_id: FILE, symbol_id: NN_SYMBOL, line: NN_INT, col: NN_INT, position: NN_INT, param: TEXT,
        strategy: TEXT, expr: NN_TEXT,
    }
    // types:
    TypeVars "type_vars" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, kind: NN_TEXT, name: NN_TEXT,
        declared_name: TEXT, bound: TEXT, constraints: TEXT, variance: NN_TEXT, default_expr: TEXT,
    }
    GenericBases "generic_bases" {
        file_id: FILE, symbol_id: NN_SYMBOL, line: NN_INT, col: NN_INT, kind: NN_TEXT, position: NN_INT,
        type_arg: NN_TEXT,
    }
    TypedDictFields "typeddict_fields" {
        file_id: FILE, scope_id: SCOPE, symbol_id: SYMBOL, line: NN_INT, col: NN_INT, typeddict: NN_TEXT,
        name: NN_TEXT, field_type: TEXT, annotation: TEXT, is_required: NN_INT, is_readonly: NN_INT,
    }
    LiteralValues "literal_values" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, context: NN_TEXT, owner: TEXT,
        symbol_id: SYMBOL, position: NN_INT, value: NN_TEXT, value_kind: NN_TEXT,
    }
    Overloads "overloads" {
        file_id: FILE, scope_id: SCOPE, symbol_id: NN_SYMBOL, line: NN_INT, qualname: NN_TEXT,
        position: NN_INT, parameters: TEXT, returns: TEXT, implementation_id: SYMBOL,
    }
    ProtocolClasses "protocol_classes" {
        file_id: FILE, symbol_id: NN_SYMBOL, line: NN_INT, name: NN_TEXT, is_generic: NN_INT,
        is_runtime_checkable: NN_INT, member_count: NN_INT,
    }
    ProtocolClassMembers "protocol_class_members" {
        protocol_id: "INTEGER NOT NULL REFERENCES protocol_classes(id)", line: NN_INT, kind: NN_TEXT,
        name: NN_TEXT, annotation: TEXT,
    }
    // exceptions:
    Raises "raises" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, exception: TEXT,
        exception_qualified: TEXT, expr: TEXT, message: TEXT, cause: TEXT, is_reraise: NN_INT,
        condition: TEXT, branch: TEXT,
    }
    FinallyBlocks "finally_blocks" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, try_line: NN_INT,
        statement_count: NN_INT, call_count: NN_INT,
    }
    FinallyCalls "finally_calls" {
        finally_id: "INTEGER NOT NULL REFERENCES finally_blocks(id)", line: NN_INT, col: NN_INT,
        callee: TEXT, callee_qualified: TEXT,
    }
    // cdk:
    CdkConstructs "cdk_constructs" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, col: NN_INT, construct: NN_TEXT, callee: TEXT,
        service: TEXT, class_name: NN_TEXT, id_literal: TEXT, id_expr: TEXT, scope_expr: TEXT,
        target: TEXT,
    }
    CdkProperties "cdk_properties" {
        construct_id: "INTEGER NOT NULL REFERENCES cdk_constructs(id)", position: NN_INT, name: TEXT,
        value: NN_TEXT, value_qualified: TEXT, line: NN_INT, col: NN_INT,
    }
    // orm:
    FrameworkBases "framework_bases" {
        file_id: FILE, line: NN_INT, name: NN_TEXT, framework: NN_TEXT, kind: NN_TEXT,
    }
    // routes:
    RouteObjects "route_objects" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, framework: NN_TEXT, kind: NN_TEXT, name: NN_TEXT,
        prefix: TEXT, label: TEXT, is_inferred: NN_INT,
    }
    RouteObjectControls "route_object_controls" {
        object_id: "INTEGER NOT NULL REFERENCES route_objects(id)", kind: NN_TEXT, name: NN_TEXT,
        is_auth: NN_INT,
    }
    RouteMounts "route_mounts" {
        file_id: FILE, scope_id: SCOPE, line: NN_INT, framework: NN_TEXT, kind: NN_TEXT,
        parent_id: "INTEGER REFERENCES route_objects(id)", parent_name: TEXT,
        child_id: "INTEGER REFERENCES route_objects(id)", child_name: TEXT, prefix: TEXT,
        replaces_prefix: NN_INT,
    }
    RouteMountControls "route_mount_controls" {
        mount_id: "INTEGER NOT NULL REFERENCES route_mounts(id)", kind: NN_TEXT, name: NN_TEXT,
        is_auth: NN_INT,
    }
    RouteViews "route_views" {
        file_id: FILE, symbol_id: NN_SYMBOL, member_id: SYMBOL, line: NN_INT, kind: NN_TEXT, name: NN_TEXT,
        method: TEXT, detail: INT, url_path: TEXT, is_auth: NN_INT,
    }
    RouteDependencyAliases "route_dependency_aliases" {
        file_id: FILE, line: NN_INT, name: NN_TEXT, dependency: NN_TEXT, is_auth: NN_INT,
    }
    // validation:
    SchemaFieldConstraints "schema_field_constraints" {
        field_id: "INTEGER NOT NULL REFERENCES schema_fields(id)", name: NN_TEXT, value: TEXT,
    }
    ValidatorFields "validator_fields" {
        validator_id: "INTEGER NOT NULL REFERENCES validators(id)", name: NN_TEXT,
    }
    // web:
    FrameworkItemDetails "framework_item_details" {
        item_id: "INTEGER NOT NULL REFERENCES framework_items(id)", line: INT, key: NN_TEXT, value: TEXT,
    }
    // tasks:
    TaskOptions "task_options" {
        task_id: "INTEGER NOT NULL REFERENCES tasks(id)", name: NN_TEXT, value: NN_TEXT,
    }
    // link (repository-wide facts):
    ClassAncestors "class_ancestors" {
        class_id: NN_SYMBOL, depth: NN_INT, name: NN_TEXT, ancestor_id: SYMBOL,
    }
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
    index("loops_scope", "loops", "scope_id"),
    index("branches_scope", "branches", "scope_id"),
    index("except_handlers_try", "except_handlers", "try_id"),
    index("except_handlers_strategy", "except_handlers", "strategy"),
    index("match_cases_branch", "match_cases", "branch_id"),
    index("statements_kind", "statements", "kind"),
    index("with_items_statement", "with_items", "statement_id"),
    index("comprehensions_scope", "comprehensions", "scope_id"),
    index("comprehension_clauses_comprehension", "comprehension_clauses", "comprehension_id"),
    index("expressions_kind", "expressions", "kind"),
    index("operators_operator", "operators", "operator"),
    index("import_conditions_import", "import_conditions", "import_id"),
    index("module_facts_file", "module_facts", "file_id"),
    index("module_exports_fact", "module_exports", "fact_id"),
    // cfg:
    index("cfg_blocks_file", "cfg_blocks", "file_id"),
    index("cfg_blocks_symbol", "cfg_blocks", "symbol_id"),
    index("cfg_edges_source", "cfg_edges", "source_block_id"),
    index("cfg_edges_target", "cfg_edges", "target_block_id"),
    index("cfg_statements_block", "cfg_statements", "block_id"),
    // security:
    index("security_findings_file", "security_findings", "file_id"),
    index("security_findings_rule", "security_findings", "rule"),
    index("sql_queries_file", "sql_queries", "file_id"),
    index("sql_query_tables_query", "sql_query_tables", "query_id"),
    index("sql_query_tables_name", "sql_query_tables", "table_name"),
    index("jwt_uses_file", "jwt_uses", "file_id"),
    index("jwt_algorithms_use", "jwt_algorithms", "jwt_use_id"),
    // dataflow:
    index("io_operations_file", "io_operations", "file_id"),
    index("io_operations_kind", "io_operations", "kind"),
    index("param_flows_scope", "param_flows", "scope_id"),
    index("closure_captures_scope", "closure_captures", "scope_id"),
    index("conditional_calls_file", "conditional_calls", "file_id"),
    // testing:
    index("test_cases_file", "test_cases", "file_id"),
    index("test_cases_symbol", "test_cases", "symbol_id"),
    index("test_fixtures_name", "test_fixtures", "name"),
    index("assertions_test", "assertions", "test_id"),
    index("test_markers_symbol", "test_markers", "symbol_id"),
    index("mocks_target", "mocks", "target"),
    // types:
    index("type_params_owner", "type_params", "owner"),
    index("type_aliases_name", "type_aliases", "name"),
    index("literal_values_value", "literal_values", "value"),
    index("overloads_qualname", "overloads", "qualname"),
    index("protocol_class_members_protocol", "protocol_class_members", "protocol_id"),
    // exceptions:
    index("raises_file", "raises", "file_id"),
    index("raises_exception_qualified", "raises", "exception_qualified"),
    index("finally_calls_finally", "finally_calls", "finally_id"),
    // cdk:
    index("cdk_constructs_construct", "cdk_constructs", "construct"),
    index("cdk_properties_construct", "cdk_properties", "construct_id"),
    // orm:
    index("orm_models_file", "orm_models", "file_id"),
    index("orm_models_name", "orm_models", "name"),
    index("orm_fields_model", "orm_fields", "model_id"),
    index("orm_relationships_model", "orm_relationships", "model_id"),
    index("framework_bases_name", "framework_bases", "name"),
    // routes:
    index("routes_file", "routes", "file_id"),
    index("routes_symbol", "routes", "symbol_id"),
    index("routes_full_path", "routes", "full_path"),
    index("route_controls_route", "route_controls", "route_id"),
    index("route_objects_file", "route_objects", "file_id"),
    index("route_mounts_file", "route_mounts", "file_id"),
    index("route_views_symbol", "route_views", "symbol_id"),
    // validation:
    index("schemas_file", "schemas", "file_id"),
    index("schemas_name", "schemas", "name"),
    index("schema_fields_schema", "schema_fields", "schema_id"),
    index("schema_field_constraints_field", "schema_field_constraints", "field_id"),
    index("validators_schema", "validators", "schema_id"),
    index("validator_fields_validator", "validator_fields", "validator_id"),
    // web:
    index("framework_item_details_item", "framework_item_details", "item_id"),
    // tasks:
    index("tasks_file", "tasks", "file_id"),
    index("tasks_symbol", "tasks", "symbol_id"),
    index("task_options_task", "task_options", "task_id"),
    index("task_calls_file", "task_calls", "file_id"),
    index("task_calls_task", "task_calls", "task"),
    // link:
    index("class_ancestors_class", "class_ancestors", "class_id"),
    index("class_ancestors_name", "class_ancestors", "name"),
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

/// The table a column's declaration references (`INTEGER NOT NULL REFERENCES files(id)` →
/// `files`).
pub fn referenced_table(decl: &str) -> Option<&str> {
    let rest = &decl[decl.find("REFERENCES ")? + "REFERENCES ".len()..];
    rest.split('(').next().map(str::trim)
}

/// How a table's rows belong to a file: the chain of NOT NULL references from the table to
/// `files` (`call_args.call_id` → `calls`, `calls.file_id` → `files`), as (column, referenced
/// table) steps. None for `files` itself and for a table without such a chain.
pub fn owner_chain(table: &TableDef) -> Option<Vec<(&'static str, &'static str)>> {
    let mut chain = Vec::new();
    let mut current = table;
    while current.name != "files" {
        if chain.len() > TABLES.len() {
            return None;
        }
        let (column, parent) = current.columns.iter().find_map(|c| {
            let parent = referenced_table(c.decl)?;
            (c.decl.contains("NOT NULL") && parent != current.name).then_some((c.name, parent))
        })?;
        chain.push((column, parent));
        current = TABLES.iter().find(|t| t.name == parent)?;
    }
    (!chain.is_empty()).then_some(chain)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An incremental run deletes a file's rows through these chains: every table must have one.
    #[test]
    fn every_table_belongs_to_a_file() {
        for table in TABLES.iter().filter(|t| t.name != "files") {
            assert!(
                owner_chain(table).is_some(),
                "table {} has no NOT NULL reference chain to files",
                table.name
            );
        }
        let call_args = TABLES.iter().find(|t| t.name == "call_args").unwrap();
        assert_eq!(owner_chain(call_args), Some(vec![("call_id", "calls"), ("file_id", "files")]));
    }
}
