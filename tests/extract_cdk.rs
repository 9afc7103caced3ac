//! Exact rows of the CDK extractor (`src/extract/cdk/`): cdk_constructs and cdk_properties.
//!
//! The predecessor took any call whose first name segment was one of 13 service aliases (`s3`,
//! `rds`, ...) as a construct, whatever it was bound to; here the callee is qualified through the
//! file's imports, so `from myproj import s3` gives no construct, every `aws_cdk` service counts,
//! and the scope and id may be given by keyword.

mod common;

use common::{assert_rows, rows};

#[test]
fn constructs_and_properties_qualified_through_imports() {
    let source = r#"
        import aws_cdk as cdk
        from aws_cdk import Stack, Duration, aws_s3 as s3, aws_lambda as lambda_
        import aws_cdk.aws_dynamodb as ddb
        from constructs import Construct
        from myproj import s3 as my_s3

        class StorageStack(Stack):
            def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
                super().__init__(scope, construct_id, **kwargs)
                self.bucket = s3.Bucket(
                    self,
                    "Logs",
                    versioned=True,
                    encryption=s3.BucketEncryption.S3_MANAGED,
                    removal_policy=cdk.RemovalPolicy.DESTROY,
                    **extra,
                )
                table = ddb.Table(self, f"{construct_id}Table", partition_key=ddb.Attribute(name="pk", type=ddb.AttributeType.STRING))
                fn = lambda_.Function(
                    scope=self, id="Handler", timeout=Duration.seconds(30), runtime=lambda_.Runtime.PYTHON_3_12,
                )
                s3.Bucket.from_bucket_name(self, "Imported", "name")
                my_s3.Bucket(self, "NotCdk")
                s3.BucketEncryption("x")

        app = cdk.App()
        StorageStack(app, "Storage")
        cdk.Stack(app, "Core", env=cdk.Environment(region="eu-west-1"))
    "#;
    // file | scope | line | col | construct | callee | service | class_name | id_literal |
    // id_expr | scope_expr | target. A factory (`from_bucket_name`), a project's `s3`, a class
    // without scope and id (`BucketEncryption("x")`) and the user's own StorageStack are no
    // aws_cdk constructs; a logical id that is not a literal has only its expression.
    assert_rows(
        rows(source, "cdk_constructs", "cdk_constructs"),
        &[
            "F | @StorageStack.__init__ | 10 | 22 | aws_cdk.aws_s3.Bucket | s3.Bucket | s3 | Bucket | Logs | \"Logs\" | self | self.bucket",
            "F | @StorageStack.__init__ | 18 | 16 | aws_cdk.aws_dynamodb.Table | ddb.Table | dynamodb | Table | NULL | f\"{construct_id}Table\" | self | table",
            "F | @StorageStack.__init__ | 19 | 13 | aws_cdk.aws_lambda.Function | lambda_.Function | lambda | Function | Handler | \"Handler\" | self | fn",
            "F | NULL | 28 | 0 | aws_cdk.Stack | cdk.Stack | NULL | Stack | Core | \"Core\" | app | NULL",
        ],
    );
    // construct | position | name | value | value_qualified | line | col. `scope=`/`id=` are not
    // properties; `**extra` has no name.
    assert_rows(
        rows(source, "cdk_constructs", "cdk_properties"),
        &[
            "cdk_constructs#0 | 0 | versioned | True | NULL | 13 | 12",
            "cdk_constructs#0 | 1 | encryption | s3.BucketEncryption.S3_MANAGED | aws_cdk.aws_s3.BucketEncryption.S3_MANAGED | 14 | 12",
            "cdk_constructs#0 | 2 | removal_policy | cdk.RemovalPolicy.DESTROY | aws_cdk.RemovalPolicy.DESTROY | 15 | 12",
            "cdk_constructs#0 | 3 | NULL | extra | NULL | 16 | 12",
            "cdk_constructs#1 | 0 | partition_key | ddb.Attribute(name=\"pk\", type=ddb.AttributeType.STRING) | NULL | 18 | 56",
            "cdk_constructs#2 | 0 | timeout | Duration.seconds(30) | NULL | 20 | 38",
            "cdk_constructs#2 | 1 | runtime | lambda_.Runtime.PYTHON_3_12 | aws_cdk.aws_lambda.Runtime.PYTHON_3_12 | 20 | 68",
            "cdk_constructs#3 | 0 | env | cdk.Environment(region=\"eu-west-1\") | NULL | 28 | 23",
        ],
    );
}

#[test]
fn cdk_v1_module_imports() {
    let source = r#"
        import aws_cdk.aws_sqs as sqs
        from aws_cdk import core

        def build(stack):
            return sqs.Queue(stack, "Jobs", visibility_timeout=core.Duration.seconds(300))
    "#;
    assert_rows(
        rows(source, "cdk_constructs", "cdk_constructs"),
        &[
            "F | @build | 5 | 11 | aws_cdk.aws_sqs.Queue | sqs.Queue | sqs | Queue | Jobs | \"Jobs\" | stack | NULL",
        ],
    );
}
