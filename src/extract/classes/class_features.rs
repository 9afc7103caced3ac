//! `class_features`: one row per notable property of a class, at the class statement, with bases,
//! decorators and keywords qualified through the file's imports: dataclass and attrs classes
//! (options, field count), enums (base, member count), NamedTuple, TypedDict, Protocol
//! (runtime_checkable), abstract classes (abstract method count), exceptions, metaclass use and
//! definition, generics (PEP 695 or `Generic[...]`), multiple inheritance, `__slots__`, `final`
//! and `total_ordering`. A base that is an enum, TypedDict, exception or metaclass class defined
//! earlier at module level in the same file passes its family on.
//! Node kinds: StmtClassDef (through the scopes); a class's own body statements are read to count
//! members, fields and slots.

use super::helpers::FastMap;
use ruff_python_ast::{self as ast, Expr, Stmt};

use super::helpers::{QualifiedDecorator, definition_position, qualified_decorators, string_value};
use crate::extract::scope_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::{dotted_name, join_dotted};
use crate::index::{NodeIndex, Scope, ScopeDef, ScopeId, ScopeKind};
use crate::store::schema::Table;

const ENUM_BASES: &[&str] =
    &["enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag", "enum.ReprEnum"];
const NAMEDTUPLE_BASES: &[&str] =
    &["typing.NamedTuple", "typing_extensions.NamedTuple", "collections.namedtuple"];
const TYPEDDICT_BASES: &[&str] = &["typing.TypedDict", "typing_extensions.TypedDict"];
const PROTOCOL_BASES: &[&str] = &["typing.Protocol", "typing_extensions.Protocol"];
const GENERIC_BASES: &[&str] = &["typing.Generic", "typing_extensions.Generic"];
const ABC_BASES: &[&str] = &["abc.ABC"];
const ABC_METACLASSES: &[&str] = &["abc.ABCMeta"];
const DATACLASS_DECORATORS: &[&str] = &["dataclasses.dataclass", "pydantic.dataclasses.dataclass"];
const ATTRS_DECORATORS: &[&str] = &[
    "attr.s",
    "attr.attrs",
    "attr.define",
    "attr.frozen",
    "attr.mutable",
    "attrs.define",
    "attrs.frozen",
    "attrs.mutable",
];
const ABSTRACT_DECORATORS: &[&str] =
    &["abc.abstractmethod", "abc.abstractproperty", "abc.abstractclassmethod", "abc.abstractstaticmethod"];
const RUNTIME_CHECKABLE: &[&str] = &["typing.runtime_checkable", "typing_extensions.runtime_checkable"];
const FINAL_DECORATORS: &[&str] = &["typing.final", "typing_extensions.final"];
const TOTAL_ORDERING: &[&str] = &["functools.total_ordering"];

/// Families a class passes on to the subclasses defined after it in the same file.
#[derive(Debug, Clone, Copy, Default)]
struct Inherited {
    is_enum: bool,
    is_typeddict: bool,
    is_exception: bool,
    is_metaclass: bool,
}

/// One base of a class: the expression, and its callee qualified (subscripts and calls
/// stripped: `Generic[T]` → `typing.Generic`, `namedtuple("P", "x")` → `collections.namedtuple`).
struct Base<'a> {
    expr: &'a Expr,
    qualified: Option<String>,
}

impl Base<'_> {
    fn is_any(&self, names: &[&str]) -> bool {
        self.qualified.as_deref().is_some_and(|q| names.contains(&q))
    }
}

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    let mut local: FastMap<String, Inherited> = FastMap::default();
    let mut methods: FastMap<ScopeId, Vec<&Scope<'_>>> = FastMap::default();
    for scope in index.scopes() {
        if let (ScopeKind::Method, Some(class)) = (scope.kind, scope.parent) {
            methods.entry(class).or_default().push(scope);
        }
    }
    for (id, scope) in index.scopes().iter().enumerate() {
        let ScopeDef::Class(def) = scope.def else { continue };
        let class = ClassFacts::read(index, scope, def, &local);
        let own_methods = methods.get(&(id as ScopeId)).map_or(&[][..], Vec::as_slice);
        let rows = class.features(index, def, own_methods);
        let (line, col) = definition_position(index, scope);
        for (kind, detail, count) in rows {
            facts.push(
                Table::ClassFeatures,
                [
                    Value::File,
                    scope_value(scope.parent),
                    line.into(),
                    col.into(),
                    kind.into(),
                    Value::Row(Table::Symbols, id as ScopeId),
                    detail.into(),
                    count.into(),
                ],
            );
        }
        if scope.parent.is_none() {
            local.insert(join_dotted(&index.context.module, &scope.name), class.inherited);
        }
    }
}

/// What a class statement says about the class: bases, keywords and decorators, qualified.
struct ClassFacts<'a> {
    bases: Vec<Base<'a>>,
    decorators: Vec<QualifiedDecorator<'a>>,
    metaclass: Option<(&'a Expr, Option<String>)>,
    inherited: Inherited,
    /// The base that makes the class an enum, as qualified (a local enum counts).
    enum_base: Option<String>,
    exception_base: Option<String>,
}

impl<'a> ClassFacts<'a> {
    fn read(
        index: &NodeIndex<'a>,
        scope: &Scope<'a>,
        def: &'a ast::StmtClassDef,
        local: &FastMap<String, Inherited>,
    ) -> Self {
        let qualify = |expr: &Expr| {
            let callee = match expr {
                Expr::Subscript(subscript) => &*subscript.value,
                Expr::Call(call) => &*call.func,
                other => other,
            };
            dotted_name(callee).and_then(|name| index.names().qualify(index, scope.parent, &name))
        };
        let bases: Vec<Base<'a>> =
            def.bases().iter().map(|expr| Base { expr, qualified: qualify(expr) }).collect();
        let metaclass = def
            .keywords()
            .iter()
            .find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == "metaclass"))
            .map(|k| (&k.value, qualify(&k.value)));
        let inherited_from = |base: &Base<'_>| base.qualified.as_deref().and_then(|q| local.get(q)).copied();
        let enum_base = bases
            .iter()
            .find(|b| b.is_any(ENUM_BASES) || inherited_from(b).is_some_and(|i| i.is_enum))
            .and_then(|b| b.qualified.clone());
        let exception_base = bases
            .iter()
            .find(|b| {
                b.qualified.as_deref().is_some_and(is_builtin_exception)
                    || inherited_from(b).is_some_and(|i| i.is_exception)
            })
            .and_then(|b| b.qualified.clone());
        let is_typeddict = bases
            .iter()
            .any(|b| b.is_any(TYPEDDICT_BASES) || inherited_from(b).is_some_and(|i| i.is_typeddict));
        let is_metaclass = bases.iter().any(|b| {
            b.is_any(&["builtins.type", "abc.ABCMeta", "enum.EnumMeta", "enum.EnumType"])
                || inherited_from(b).is_some_and(|i| i.is_metaclass)
        });
        let inherited = Inherited {
            is_enum: enum_base.is_some(),
            is_typeddict,
            is_exception: exception_base.is_some(),
            is_metaclass,
        };
        ClassFacts {
            bases,
            decorators: qualified_decorators(index, scope),
            metaclass,
            inherited,
            enum_base,
            exception_base,
        }
    }

    fn decorator(&self, names: &[&str]) -> Option<&QualifiedDecorator<'a>> {
        self.decorators.iter().find(|d| d.is_any(names))
    }

    /// The rows of the class: (kind, detail, count).
    fn features(
        &self,
        index: &NodeIndex<'a>,
        def: &'a ast::StmtClassDef,
        methods: &[&Scope<'a>],
    ) -> Vec<(&'static str, Option<String>, Option<usize>)> {
        let mut rows = Vec::new();
        let body = &def.body[..];
        for (kind, names) in [("dataclass", DATACLASS_DECORATORS), ("attrs", ATTRS_DECORATORS)] {
            if let Some(decorator) = self.decorator(names) {
                rows.push((kind, decorator_options(index, decorator), Some(annotated_fields(index, body))));
            }
        }
        if let Some(base) = &self.enum_base {
            rows.push(("enum", Some(base.clone()), Some(enum_members(body))));
        }
        if let Some(base) = self.bases.iter().find(|b| b.is_any(NAMEDTUPLE_BASES)) {
            let count =
                if matches!(base.expr, Expr::Call(_)) { None } else { Some(annotated_fields(index, body)) };
            rows.push(("namedtuple", base.qualified.clone(), count));
        }
        if self.inherited.is_typeddict {
            let total = self.keyword_text(index, def, "total");
            rows.push(("typeddict", total, Some(annotated_fields(index, body))));
        }
        if self.bases.iter().any(|b| b.is_any(PROTOCOL_BASES)) {
            let checkable = self.decorator(RUNTIME_CHECKABLE).map(|_| "runtime_checkable".to_owned());
            rows.push(("protocol", checkable, None));
        }
        let abstract_methods = methods
            .iter()
            .filter(|m| qualified_decorators(index, m).iter().any(|d| d.is_any(ABSTRACT_DECORATORS)))
            .count();
        let abc_base = self.bases.iter().find(|b| b.is_any(ABC_BASES)).and_then(|b| b.qualified.clone());
        let abc_meta = self
            .metaclass
            .as_ref()
            .and_then(|(_, q)| q.clone())
            .filter(|q| ABC_METACLASSES.contains(&q.as_str()));
        if abc_base.is_some() || abc_meta.is_some() || abstract_methods > 0 {
            rows.push(("abstract", abc_base.or(abc_meta), Some(abstract_methods)));
        }
        if let Some(base) = &self.exception_base {
            rows.push(("exception", Some(base.clone()), None));
        }
        if let Some((expr, qualified)) = &self.metaclass {
            rows.push((
                "metaclass",
                Some(qualified.clone().unwrap_or_else(|| index.text(*expr).to_owned())),
                None,
            ));
        }
        if self.inherited.is_metaclass {
            rows.push(("metaclass_definition", None, None));
        }
        if let Some((names, count)) = self.generic_parameters(index, def) {
            rows.push(("generic", Some(names), Some(count)));
        }
        if self.bases.len() > 1 {
            let texts: Vec<&str> = self.bases.iter().map(|b| index.text(b.expr)).collect();
            rows.push(("multiple_inheritance", Some(texts.join(", ")), Some(self.bases.len())));
        }
        if let Some(slots) = slots(body) {
            let names = slots.as_ref().map(|names| names.join(", ")).filter(|names| !names.is_empty());
            rows.push(("slots", names, slots.map(|names| names.len())));
        }
        if self.decorator(FINAL_DECORATORS).is_some() {
            rows.push(("final", None, None));
        }
        if self.decorator(TOTAL_ORDERING).is_some() {
            rows.push(("total_ordering", None, None));
        }
        rows
    }

    fn keyword_text(&self, index: &NodeIndex<'a>, def: &'a ast::StmtClassDef, name: &str) -> Option<String> {
        let keyword = def.keywords().iter().find(|k| k.arg.as_ref().is_some_and(|a| a.as_str() == name))?;
        Some(index.text(keyword).to_owned())
    }

    /// The type parameters of a PEP 695 class (`class C[T, *Ts]`) or of a `Generic[...]` base:
    /// their text joined by `, `, and their number.
    fn generic_parameters(
        &self,
        index: &NodeIndex<'a>,
        def: &'a ast::StmtClassDef,
    ) -> Option<(String, usize)> {
        if let Some(params) = &def.type_params {
            let texts: Vec<&str> = params.type_params.iter().map(|p| index.text(p)).collect();
            return Some((texts.join(", "), texts.len()));
        }
        let base = self.bases.iter().find(|b| b.is_any(GENERIC_BASES))?;
        let Expr::Subscript(subscript) = base.expr else { return None };
        let texts: Vec<&str> = match &*subscript.slice {
            Expr::Tuple(tuple) => tuple.elts.iter().map(|e| index.text(e)).collect(),
            other => vec![index.text(other)],
        };
        Some((texts.join(", "), texts.len()))
    }
}

/// `BaseException`, `Exception`, `ValueError`, `UserWarning`, ... from builtins.
fn is_builtin_exception(qualified: &str) -> bool {
    let Some(name) = qualified.strip_prefix("builtins.") else { return false };
    name.ends_with("Error")
        || name.ends_with("Exception")
        || name.ends_with("Warning")
        || matches!(
            name,
            "BaseExceptionGroup"
                | "ExceptionGroup"
                | "KeyboardInterrupt"
                | "SystemExit"
                | "GeneratorExit"
                | "StopIteration"
                | "StopAsyncIteration"
        )
}

/// The keyword arguments of a decorator call as written (`frozen=True, slots=True`); None for a
/// bare decorator.
fn decorator_options(index: &NodeIndex<'_>, decorator: &QualifiedDecorator<'_>) -> Option<String> {
    let Expr::Call(call) = &decorator.decorator.expression else { return None };
    let options: Vec<&str> = call.arguments.keywords.iter().map(|k| index.text(k)).collect();
    (!options.is_empty()).then(|| options.join(", "))
}

/// Annotated names in a class body that are instance fields (not `ClassVar`, not the `KW_ONLY`
/// marker).
fn annotated_fields(index: &NodeIndex<'_>, body: &[Stmt]) -> usize {
    body.iter()
        .filter(|stmt| match stmt {
            Stmt::AnnAssign(assign) if assign.target.is_name_expr() => {
                let annotation = index.text(&*assign.annotation);
                !annotation.contains("ClassVar") && !annotation.ends_with("KW_ONLY")
            }
            _ => false,
        })
        .count()
}

/// Names assigned in an enum body that become members (not `_sunder_`, `__dunder__` or
/// `__private` names).
fn enum_members(body: &[Stmt]) -> usize {
    body.iter()
        .map(|stmt| match stmt {
            Stmt::Assign(assign) => assign.targets.iter().map(enum_member_targets).sum(),
            Stmt::AnnAssign(assign) if assign.value.is_some() => enum_member_targets(&assign.target),
            _ => 0,
        })
        .sum()
}

/// How many enum members one assignment target defines (`A, B = 1, 2` defines two).
fn enum_member_targets(target: &Expr) -> usize {
    match target {
        Expr::Name(name) => {
            let name = name.id.as_str();
            usize::from(!(name.starts_with("__") || (name.starts_with('_') && name.ends_with('_'))))
        }
        Expr::Tuple(tuple) => tuple.elts.iter().map(enum_member_targets).sum(),
        _ => 0,
    }
}

/// Whether a class body assigns `__slots__` and, when the value is a literal (a string, or a
/// tuple, list, set or dict of them), the slot names (`?` for an element that is not a string).
fn slots(body: &[Stmt]) -> Option<Option<Vec<String>>> {
    let value = body.iter().rev().find_map(|stmt| match stmt {
        Stmt::Assign(assign)
            if assign.targets.iter().any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__slots__")) =>
        {
            Some(&*assign.value)
        }
        Stmt::AnnAssign(assign) if matches!(&*assign.target, Expr::Name(n) if n.id.as_str() == "__slots__") => {
            assign.value.as_deref()
        }
        _ => None,
    })?;
    let name = |expr: &Expr| string_value(expr).map_or_else(|| "?".to_owned(), str::to_owned);
    Some(match value {
        Expr::StringLiteral(literal) => Some(vec![literal.value.to_str().to_owned()]),
        Expr::Tuple(tuple) => Some(tuple.elts.iter().map(name).collect()),
        Expr::List(list) => Some(list.elts.iter().map(name).collect()),
        Expr::Set(set) => Some(set.elts.iter().map(name).collect()),
        Expr::Dict(dict) => Some(dict.items.iter().filter_map(|item| item.key.as_ref()).map(name).collect()),
        _ => None,
    })
}
