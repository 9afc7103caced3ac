//! Exact rows of the task-domain extractors (`src/extract/tasks/`): `tasks` and `task_options`
//! (extractor `tasks`), `task_calls` (`task_calls`), beat schedules and GraphQL resolvers as
//! `framework_items` with `framework_item_details` (`beat_schedules`, `graphql_resolvers`).
//!
//! `task_calls.task_id` is NULL per file: the link stage fills it (tests/e2e_frameworks_routes.rs).

mod common;

use common::{assert_rows, rows};

/// `tasks` and `task_options`: `@app.task` on a `Celery(...)` object and on an alias named like one,
/// `@celery.task(...)` options as child rows, `@shared_task(name=...)` (the explicit name wins over
/// Celery's `module.function`), async tasks, Dramatiq actors, a task defined in a class body.
/// Not tasks: `@self.task`, `@cache.task`.
#[test]
fn celery_and_dramatiq_tasks() {
    let source = r#"
        from celery import Celery, shared_task
        import dramatiq

        app = Celery("proj")
        celery = app

        @app.task
        def add(x, y):
            return x + y

        @celery.task(bind=True, max_retries=3, default_retry_delay=30, queue="emails", rate_limit="10/m")
        def send(self, to):
            pass

        @shared_task(name="reports.build", time_limit=600)
        async def build_report(report_id):
            pass

        @dramatiq.actor(max_retries=5)
        def count_words(url):
            pass

        class Worker:
            @app.task
            def method_task(self):
                pass

        @self.task
        def not_a_task():
            pass

        @cache.task
        def not_either():
            pass
"#;
    assert_rows(
        rows(source, "tasks", "tasks"),
        &[
            "F | @add | 8 | celery | pkg.mod.add | NULL",
            "F | @send | 12 | celery | pkg.mod.send | bind=True, max_retries=3, default_retry_delay=30, queue=\"emails\", rate_limit=\"10/m\"",
            "F | @build_report | 16 | celery | reports.build | name=\"reports.build\", time_limit=600",
            "F | @count_words | 20 | dramatiq | pkg.mod.count_words | max_retries=5",
            "F | @Worker.method_task | 25 | celery | pkg.mod.method_task | NULL",
        ],
    );
    assert_rows(
        rows(source, "tasks", "task_options"),
        &[
            "tasks#1 | bind | True",
            "tasks#1 | max_retries | 3",
            "tasks#1 | default_retry_delay | 30",
            "tasks#1 | queue | emails",
            "tasks#1 | rate_limit | 10/m",
            "tasks#2 | name | reports.build",
            "tasks#2 | time_limit | 600",
            "tasks#3 | max_retries | 5",
        ],
    );
}

/// `task_calls`: `.delay`, `.apply_async` with countdown/eta/queue, `.s`/`.si` (also inside a
/// lambda, whose scope is the lambda), `chain`/`group`/`chord` members (from a list, a generator or
/// a list comprehension), `signature("name")`, `send_task`, `.apply` on a task of this file. The
/// task is qualified through the imports. Not task calls: `df.apply`, `Series.apply`,
/// `itertools.chain`, `self.delay`, `.delay()` on a call result.
#[test]
fn task_invocations() {
    let source = r#"
        from celery import chain, chord, group, shared_task, signature
        from itertools import chain as ichain
        from .tasks import add, notify, summarize
        from . import tasks
        import pandas as pd

        @shared_task
        def local(x):
            pass

        def workflow(items, df):
            add.delay(1, 2)
            result = add.apply_async((1, 2), countdown=10, eta=when, queue="math")
            tasks.cleanup.s(days=3).delay()
            chain(add.s(1, 2), notify.si("done"))()
            group(summarize.s(i) for i in items).apply_async()
            chord([add.s(i, i) for i in items], summarize.s())()
            signature("proj.tasks.add", args=(2, 2)).delay()
            app.send_task("proj.tasks.add", args=[1, 1], queue="low")
            local.apply(args=(1,))
            df.apply(len)
            pd.Series([1]).apply(str)
            ichain([1], [2])
            self.delay(3)

        handler = lambda: add.si(0, 0)
"#;
    assert_rows(
        rows(source, "task_calls", "task_calls"),
        &[
            "F | @workflow | 12 | pkg.tasks.add | delay | 4 | 2 | NULL | NULL | NULL | NULL",
            "F | @workflow | 13 | pkg.tasks.add | apply_async | 13 | 4 | 10 | when | math | NULL",
            "F | @workflow | 14 | pkg.tasks.cleanup | s | 4 | 1 | NULL | NULL | NULL | NULL",
            "F | @workflow | 15 | pkg.tasks.add | chain | 4 | 2 | NULL | NULL | NULL | NULL",
            "F | @workflow | 15 | pkg.tasks.notify | chain | 4 | 2 | NULL | NULL | NULL | NULL",
            "F | @workflow | 15 | pkg.tasks.add | s | 10 | 2 | NULL | NULL | NULL | NULL",
            "F | @workflow | 15 | pkg.tasks.notify | si | 23 | 1 | NULL | NULL | NULL | NULL",
            "F | @workflow | 16 | pkg.tasks.summarize | group | 4 | 1 | NULL | NULL | NULL | NULL",
            "F | @workflow | 16 | pkg.tasks.summarize | s | 10 | 1 | NULL | NULL | NULL | NULL",
            "F | @workflow | 17 | pkg.tasks.add | chord | 4 | 2 | NULL | NULL | NULL | NULL",
            "F | @workflow | 17 | pkg.tasks.summarize | chord | 4 | 2 | NULL | NULL | NULL | NULL",
            "F | @workflow | 17 | pkg.tasks.add | s | 11 | 2 | NULL | NULL | NULL | NULL",
            "F | @workflow | 17 | pkg.tasks.summarize | s | 40 | 0 | NULL | NULL | NULL | NULL",
            "F | @workflow | 18 | proj.tasks.add | signature | 4 | 2 | NULL | NULL | NULL | NULL",
            "F | @workflow | 19 | proj.tasks.add | send_task | 4 | 3 | NULL | NULL | low | NULL",
            "F | @workflow | 20 | pkg.mod.local | apply | 4 | 1 | NULL | NULL | NULL | NULL",
            "F | @<lambda> | 26 | pkg.tasks.add | si | 18 | 2 | NULL | NULL | NULL | NULL",
        ],
    );
}

/// Beat schedules: `app.conf.beat_schedule = {...}` entries (dict literals and `dict(...)`),
/// crontab/timedelta/solar/number schedules with args and kwargs, a settings-style
/// `CELERY_BEAT_SCHEDULE`, and `add_periodic_task` in a setup hook.
#[test]
fn beat_schedules() {
    let source = r#"
        from datetime import timedelta
        from celery.schedules import crontab, solar

        app.conf.beat_schedule = {
            "nightly-cleanup": {
                "task": "proj.tasks.cleanup",
                "schedule": crontab(hour=2, minute=30),
                "args": (7,),
                "kwargs": {"dry_run": False},
            },
            "heartbeat": dict(task="proj.tasks.ping", schedule=timedelta(seconds=30)),
            "sunrise": {"task": "proj.tasks.wake", "schedule": solar("sunrise", 59.9, 10.7)},
        }

        CELERY_BEAT_SCHEDULE = {"every-minute": {"task": "app.tick", "schedule": 60.0}}

        @app.on_after_configure.connect
        def setup_periodic_tasks(sender, **kwargs):
            sender.add_periodic_task(10.0, ping.s("hello"), name="ping every 10")
"#;
    assert_rows(
        rows(source, "beat_schedules", "framework_items"),
        &[
            "F | NULL | 5 | celery | schedule | nightly-cleanup | proj.tasks.cleanup",
            "F | NULL | 11 | celery | schedule | heartbeat | proj.tasks.ping",
            "F | NULL | 12 | celery | schedule | sunrise | proj.tasks.wake",
            "F | NULL | 15 | celery | schedule | every-minute | app.tick",
            "F | NULL | 19 | celery | schedule | ping every 10 | ping",
        ],
    );
    assert_rows(
        rows(source, "beat_schedules", "framework_item_details"),
        &[
            "framework_items#0 | NULL | schedule | crontab(hour=2, minute=30)",
            "framework_items#0 | NULL | schedule_type | crontab",
            "framework_items#0 | NULL | args | (7,)",
            "framework_items#0 | NULL | kwargs | {\"dry_run\": False}",
            "framework_items#1 | NULL | schedule | timedelta(seconds=30)",
            "framework_items#1 | NULL | schedule_type | timedelta",
            "framework_items#2 | NULL | schedule | solar(\"sunrise\", 59.9, 10.7)",
            "framework_items#2 | NULL | schedule_type | solar",
            "framework_items#3 | NULL | schedule | 60.0",
            "framework_items#3 | NULL | schedule_type | number",
            "framework_items#4 | NULL | schedule | 10.0",
            "framework_items#4 | NULL | schedule_type | number",
        ],
    );
}

/// GraphQL resolvers: Graphene `resolve_*` methods (also static ones) of an `ObjectType`, Ariadne
/// `@query.field` / `@type.field` and `set_field`, Strawberry `@strawberry.field` /
/// `@strawberry.mutation(name=...)` methods and `strawberry.field(resolver=...)` fields, with the
/// type's `name=`. Not a resolver: `resolve_*` in a class that is not an `ObjectType`.
#[test]
fn graphql_resolvers() {
    let source = r#"
        import graphene
        import strawberry
        from ariadne import ObjectType, QueryType

        class Query(graphene.ObjectType):
            hello = graphene.String(name=graphene.String(default_value="stranger"))
            user = graphene.Field(lambda: User)

            def resolve_hello(root, info, name):
                return f"Hello {name}"

            @staticmethod
            def resolve_user(root, info):
                return None

            def helper(self):
                pass

        query = QueryType()
        user_type = ObjectType("User")

        @query.field("me")
        def resolve_me(_, info):
            return info.context["user"]

        @user_type.field("email")
        def resolve_email(obj, info):
            return obj.email

        def resolve_posts(obj, info):
            return []

        user_type.set_field("posts", resolve_posts)

        def get_books():
            return []

        @strawberry.type(name="RootQuery")
        class StrawberryQuery:
            books: list[str] = strawberry.field(resolver=get_books)

            @strawberry.field
            def version(self) -> str:
                return "1"

        @strawberry.type
        class Mutation:
            @strawberry.mutation(name="addBook")
            def add_book(self, title: str) -> str:
                return title

        class NotGraphQL:
            def resolve_thing(self):
                pass
"#;
    assert_rows(
        rows(source, "graphql_resolvers", "framework_items"),
        &[
            "F | @Query.resolve_hello | 9 | graphene | resolver | hello | Query",
            "F | @Query.resolve_user | 13 | graphene | resolver | user | Query",
            "F | @resolve_me | 22 | ariadne | resolver | me | Query",
            "F | @resolve_email | 26 | ariadne | resolver | email | User",
            "F | @resolve_posts | 33 | ariadne | resolver | posts | User",
            "F | @StrawberryQuery.version | 43 | strawberry | resolver | version | RootQuery",
            "F | @get_books | 40 | strawberry | resolver | books | RootQuery",
            "F | @Mutation.add_book | 49 | strawberry | resolver | addBook | Mutation",
        ],
    );
    assert_rows(
        rows(source, "graphql_resolvers", "framework_item_details"),
        &[
            "framework_items#0 | NULL | binding | method",
            "framework_items#1 | NULL | binding | method",
            "framework_items#2 | NULL | binding | decorator",
            "framework_items#3 | NULL | binding | decorator",
            "framework_items#4 | NULL | binding | set_field",
            "framework_items#5 | NULL | binding | method",
            "framework_items#6 | NULL | binding | field",
            "framework_items#6 | NULL | resolver | get_books",
            "framework_items#7 | NULL | binding | method",
        ],
    );
}

/// Receivers that are local variables or parameters are not tasks (`multiprocessing` pools,
/// turtle screens), even with `.apply_async` / `.delay`.
#[test]
fn local_receivers_are_not_tasks() {
    let source = r#"
        import multiprocessing
        from .tasks import add

        def run(screen):
            with multiprocessing.Pool(4) as pool:
                pool.apply_async(len, ("abc",))
            screen.delay(0)
            add.delay(1, 2)
    "#;
    assert_rows(
        rows(source, "task_calls", "task_calls"),
        &["F | @run | 8 | pkg.tasks.add | delay | 4 | 2 | NULL | NULL | NULL | NULL"],
    );
}

/// Celery 3's `@periodic_task(run_every=...)`: a task and its own schedule.
#[test]
fn periodic_task_decorator() {
    let source = r#"
        from celery.decorators import periodic_task
        from celery.schedules import crontab

        @periodic_task(run_every=crontab(minute="*/15"))
        def poll():
            pass
    "#;
    assert_rows(
        rows(source, "tasks", "tasks"),
        &["F | @poll | 5 | celery | pkg.mod.poll | run_every=crontab(minute=\"*/15\")"],
    );
    assert_rows(
        rows(source, "beat_schedules", "framework_items"),
        &["F | @poll | 4 | celery | schedule | poll | pkg.mod.poll"],
    );
    assert_rows(
        rows(source, "beat_schedules", "framework_item_details"),
        &[
            "framework_items#0 | NULL | schedule | crontab(minute=\"*/15\")",
            "framework_items#0 | NULL | schedule_type | crontab",
        ],
    );
}

/// Found on installed packages: `attr.s(...)` (attrs) is a module's function, not a task's
/// signature.
#[test]
fn module_functions_are_not_signatures() {
    let source = r#"
        import attr

        @attr.s(slots=True, frozen=True)
        class Point:
            x = attr.ib()
    "#;
    assert_rows(rows(source, "task_calls", "task_calls"), &[]);
}
