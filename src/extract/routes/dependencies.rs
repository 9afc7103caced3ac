//! FastAPI dependencies of one file: `Depends(x)` / `Security(x)` as a parameter's default, inside
//! `Annotated[T, Depends(x)]`, through a module-level alias (`CurrentUser = Annotated[User,
//! Depends(get_current_user)]`, `type SessionDep = Annotated[...]`), and in `dependencies=[...]`
//! lists. A dependency authenticates when it is a `Security(...)`, names a security scheme the
//! file creates (`oauth2_scheme = OAuth2PasswordBearer(...)`, `HTTPBearer()`, `APIKeyHeader(...)`)
//! or has an authentication name (`get_current_user`). Node kinds: StmtAssign, StmtAnnAssign,
//! StmtTypeAlias (module level, for aliases and schemes). The aliases are also rows of
//! `route_dependency_aliases`, for routes of other files that import them (the link stage).

use std::collections::HashSet;

use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;

use super::helpers::{argument, as_call, is_auth_name, is_one_of};
use crate::index::names::dotted_name;
use crate::index::{NodeIndex, ScopeId};

const DEPENDS: &[&str] = &["fastapi.Depends", "fastapi.params.Depends", "fastapi.param_functions.Depends"];
const SECURITY: &[&str] =
    &["fastapi.Security", "fastapi.params.Security", "fastapi.param_functions.Security"];
const ANNOTATED: &[&str] = &["typing.Annotated", "typing_extensions.Annotated"];

/// One dependency: its name (dotted as written, or the expression's text) and whether it
/// authenticates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dependency {
    pub name: String,
    pub is_auth: bool,
}

/// What the file defines that dependencies refer to.
#[derive(Debug, Default)]
pub struct Dependencies {
    /// Module-level names bound to a `fastapi.security` scheme.
    schemes: HashSet<String>,
    /// Module-level `Annotated[...]` aliases: name, line and the dependencies they carry.
    pub aliases: Vec<(String, u32, Vec<Dependency>)>,
}

impl Dependencies {
    pub fn collect(index: &NodeIndex<'_>) -> Dependencies {
        let mut found = Dependencies::default();
        let module_level = index
            .assigns()
            .filter(|(_, entry)| entry.scope.is_none())
            .filter_map(|(node, _)| match node.targets.as_slice() {
                [Expr::Name(target)] => Some((target.id.as_str(), &*node.value, node.start())),
                _ => None,
            })
            .chain(index.ann_assigns().filter(|(_, entry)| entry.scope.is_none()).filter_map(|(node, _)| {
                match (&*node.target, &node.value) {
                    (Expr::Name(target), Some(value)) => Some((target.id.as_str(), &**value, node.start())),
                    _ => None,
                }
            }))
            .chain(index.type_alias_stmts().filter(|(_, entry)| entry.scope.is_none()).filter_map(
                |(node, _)| match &*node.name {
                    Expr::Name(name) => Some((name.id.as_str(), &*node.value, node.start())),
                    _ => None,
                },
            ))
            .collect::<Vec<_>>();
        for &(name, value, _) in &module_level {
            let scheme = as_call(value)
                .and_then(|call| dotted_name(&call.func))
                .and_then(|callee| index.names().qualify(index, None, &callee))
                .is_some_and(|q| q.starts_with("fastapi.security."));
            if scheme {
                found.schemes.insert(name.to_owned());
            }
        }
        let mut module_level = module_level;
        module_level.sort_by_key(|&(_, _, start)| start);
        for &(name, value, start) in &module_level {
            let carried = found.annotated(index, None, value);
            if !carried.is_empty() {
                found.aliases.push((name.to_owned(), index.position(start).0, carried));
            }
        }
        found
    }

    /// The dependency `expr` declares when it is a `Depends(...)` / `Security(...)` call;
    /// `annotation` names it when the call has no argument (`commons: Params = Depends()`).
    pub fn dependency(
        &self,
        index: &NodeIndex<'_>,
        scope: Option<ScopeId>,
        expr: &Expr,
        annotation: Option<&Expr>,
    ) -> Option<Dependency> {
        let call = as_call(expr)?;
        let written = dotted_name(&call.func)?;
        let qualified = index.names().qualify(index, scope, &written);
        let is_security = is_one_of(qualified.as_deref(), &written, SECURITY);
        if !is_security && !is_one_of(qualified.as_deref(), &written, DEPENDS) {
            return None;
        }
        let target = argument(call, "dependency", 0).or(annotation)?;
        let name = dotted_name(target).unwrap_or_else(|| index.text(target).to_owned());
        let is_auth = is_security || self.schemes.contains(name.as_str()) || is_auth_name(&name);
        Some(Dependency { name, is_auth })
    }

    /// The dependencies a parameter declares: its default, its `Annotated[...]` annotation, or
    /// an alias of one.
    pub fn of_parameter(
        &self,
        index: &NodeIndex<'_>,
        scope: Option<ScopeId>,
        parameter: &ast::ParameterWithDefault,
    ) -> Vec<Dependency> {
        let annotation = parameter.annotation();
        if let Some(found) = parameter.default().and_then(|d| self.dependency(index, scope, d, annotation)) {
            return vec![found];
        }
        match annotation {
            Some(Expr::Name(name)) => self
                .aliases
                .iter()
                .find(|(alias, _, _)| alias == name.id.as_str())
                .map(|(_, _, carried)| carried.clone())
                .unwrap_or_default(),
            Some(annotation) => self.annotated(index, scope, annotation),
            None => Vec::new(),
        }
    }

    /// The dependencies inside `Annotated[T, Depends(x), ...]`.
    fn annotated(&self, index: &NodeIndex<'_>, scope: Option<ScopeId>, expr: &Expr) -> Vec<Dependency> {
        let Expr::Subscript(subscript) = expr else { return Vec::new() };
        let Some(written) = dotted_name(&subscript.value) else { return Vec::new() };
        let qualified = index.names().qualify(index, scope, &written);
        if !is_one_of(qualified.as_deref(), &written, ANNOTATED) {
            return Vec::new();
        }
        let Expr::Tuple(tuple) = &*subscript.slice else { return Vec::new() };
        let Some((base, metadata)) = tuple.elts.split_first() else { return Vec::new() };
        metadata.iter().filter_map(|m| self.dependency(index, scope, m, Some(base))).collect()
    }
}
