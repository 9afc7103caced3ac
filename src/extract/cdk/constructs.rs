//! `cdk_constructs` and `cdk_properties`: AWS CDK constructs, i.e. calls of an `aws_cdk` class
//! with a scope and a construct id (`s3.Bucket(self, "Logs", versioned=True)` with
//! `from aws_cdk import aws_s3 as s3`, qualified through the file's imports), and one row per
//! keyword property with its value as written and, for a name or attribute chain, qualified
//! (`s3.BucketEncryption.S3_MANAGED` → `aws_cdk.aws_s3.BucketEncryption.S3_MANAGED`).
//! Node kinds: ExprCall (with its parent: an assignment gives the target).

use ruff_python_ast::{AnyNodeRef, Expr, ExprCall};
use ruff_text_size::Ranged;

use crate::extract::scope_value;
use crate::extract::testing::string_value;
use crate::facts::{FileFacts, Value};
use crate::index::names::dotted_name;
use crate::index::{NodeEntry, NodeIndex};
use crate::store::schema::Table;

pub fn extract(index: &NodeIndex<'_>, facts: &mut FileFacts) {
    for (call, entry) in index.calls() {
        let Some(construct) = construct_class(index, entry, call) else { continue };
        let arguments = &call.arguments;
        let (Some(scope_arg), Some(id_arg)) =
            (arguments.find_argument_value("scope", 0), arguments.find_argument_value("id", 1))
        else {
            continue;
        };
        let (line, col) = index.position(call.start());
        let row = facts.push(
            Table::CdkConstructs,
            [
                Value::File,
                scope_value(entry.scope),
                line.into(),
                col.into(),
                construct.qualified.as_str().into(),
                dotted_name(&call.func).into(),
                construct.service.into(),
                construct.class_name.into(),
                string_value(id_arg).into(),
                index.text(id_arg).into(),
                index.text(scope_arg).into(),
                assignment_target(index, entry).into(),
            ],
        );
        for (position, keyword) in arguments.keywords.iter().filter(|k| !is_construct_argument(k)).enumerate()
        {
            let value_qualified =
                dotted_name(&keyword.value).and_then(|v| index.names().qualify(index, entry.scope, &v));
            let (line, col) = index.position(keyword.start());
            facts.push(
                Table::CdkProperties,
                [
                    row.into(),
                    position.into(),
                    keyword.arg.as_ref().map(|a| a.as_str()).into(),
                    index.text(&keyword.value).into(),
                    value_qualified.into(),
                    line.into(),
                    col.into(),
                ],
            );
        }
    }
}

struct Construct<'a> {
    qualified: String,
    service: Option<String>,
    class_name: &'a str,
}

/// The `aws_cdk` class a call instantiates: the qualified callee starts with `aws_cdk.` and ends
/// in a capitalised name (`Bucket`; `Bucket.from_bucket_name` is a factory, not a constructor).
fn construct_class<'a>(
    index: &NodeIndex<'_>,
    entry: &NodeEntry<'_>,
    call: &'a ExprCall,
) -> Option<Construct<'a>> {
    let class_name = match &*call.func {
        Expr::Attribute(attribute) => attribute.attr.as_str(),
        Expr::Name(name) => name.id.as_str(),
        _ => return None,
    };
    // Checked before qualifying, the costly part (most calls are not capitalised).
    if !class_name.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let written = dotted_name(&call.func)?;
    let qualified = index.names().qualify(index, entry.scope, &written)?;
    let path = qualified.strip_prefix("aws_cdk.")?;
    // `aws_cdk.aws_s3.Bucket` → `s3`; core classes (`aws_cdk.Stack`) have no service.
    let service = path.split_once('.').and_then(|(module, _)| module.strip_prefix("aws_")).map(str::to_owned);
    Some(Construct { qualified, service, class_name })
}

/// `scope=`/`id=` given by keyword are the construct's arguments, not properties.
fn is_construct_argument(keyword: &ruff_python_ast::Keyword) -> bool {
    keyword.arg.as_ref().is_some_and(|a| matches!(a.as_str(), "scope" | "id"))
}

/// The target the construct is assigned to (`self.bucket = s3.Bucket(...)`), if any.
fn assignment_target<'a>(index: &NodeIndex<'a>, entry: &NodeEntry<'a>) -> Option<&'a str> {
    let parent = index.node(entry.parent?);
    match parent.node {
        AnyNodeRef::StmtAssign(assign) => match &assign.targets[..] {
            [target] => Some(index.text(target)),
            _ => None,
        },
        AnyNodeRef::StmtAnnAssign(assign) => Some(index.text(&*assign.target)),
        _ => None,
    }
}
