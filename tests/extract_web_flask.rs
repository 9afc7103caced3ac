//! Exact rows of the Flask application-family extractor (`src/extract/web/flask_app.rs`):
//! `framework_items` and `framework_item_details`.

mod common;

use common::{assert_rows, rows};

/// An application factory with its configuration source and blueprints, extensions (created bare,
/// with options, initialised with `init_app`, imported), CORS with origins, request hooks and error
/// handlers inside the factory (their qualnames are the nested ones), `register_error_handler`,
/// Socket.IO handlers, CLI commands with click options and arguments, rate limits, caching and
/// `@cross_origin`.
#[test]
fn flask_application_items() {
    let source = r#"
        import click
        from flask import Flask
        from flask_cors import CORS, cross_origin
        from flask_limiter import Limiter
        from flask_caching import Cache
        from flask_socketio import SocketIO
        from flask_sqlalchemy import SQLAlchemy
        from .extensions import mail

        db = SQLAlchemy()
        limiter = Limiter(key_func=None, default_limits=["200 per day"])
        cache = Cache()
        socketio = SocketIO()

        def create_app():
            app = Flask(__name__)
            app.config.from_object("config.Prod")
            db.init_app(app)
            mail.init_app(app)
            CORS(app, origins=["https://a.example"], supports_credentials=True)
            app.register_blueprint(bp)

            @app.before_request
            def before():
                pass

            @app.errorhandler(404)
            def not_found(e):
                pass

            app.register_error_handler(ValueError, handle_value)
            return app

        def handle_value(e):
            pass

        @socketio.on("chat", namespace="/room")
        def on_chat(data):
            pass

        @socketio.event
        def connect():
            pass

        @app.cli.command("seed-db")
        @click.option("--count", default=1)
        @click.argument("name")
        def seed(count, name):
            pass

        @click.command()
        def clean_cache():
            pass

        @limiter.limit("5/minute")
        @cache.cached(timeout=60)
        @cross_origin()
        def view():
            pass

        @cache.memoize(300)
        def expensive(n):
            pass
"#;
    assert_rows(
        rows(source, "flask_app", "framework_items"),
        &[
            "F | @create_app | 15 | flask | app_factory | create_app | app",
            "F | NULL | 10 | flask | extension | SQLAlchemy | db",
            "F | NULL | 11 | flask | extension | Limiter | limiter",
            "F | NULL | 12 | flask | extension | Cache | cache",
            "F | NULL | 13 | flask | extension | SocketIO | socketio",
            "F | NULL | 18 | flask | extension_init | db | app",
            "F | NULL | 19 | flask | extension_init | mail | app",
            "F | NULL | 20 | flask | cors | NULL | app",
            "F | @create_app.<locals>.before | 23 | flask | request_hook | create_app.<locals>.before | app",
            "F | @create_app.<locals>.not_found | 27 | flask | error_handler | create_app.<locals>.not_found | 404",
            "F | @on_chat | 37 | flask | socketio_handler | on_chat | chat",
            "F | @connect | 41 | flask | socketio_handler | connect | connect",
            "F | @seed | 45 | flask | cli_command | seed-db | app.cli",
            "F | @clean_cache | 51 | click | cli_command | clean-cache | click",
            "F | @view | 55 | flask | rate_limit | view | 5/minute",
            "F | @view | 56 | flask | cache | view | cache",
            "F | @view | 57 | flask | cors | view | NULL",
            "F | @expensive | 61 | flask | cache | expensive | cache",
            "F | @handle_value | 31 | flask | error_handler | handle_value | ValueError",
        ],
    );
    assert_rows(
        rows(source, "flask_app", "framework_item_details"),
        &[
            "framework_items#0 | NULL | config | \"config.Prod\"",
            "framework_items#0 | NULL | blueprint | bp",
            "framework_items#1 | NULL | class | flask_sqlalchemy.SQLAlchemy",
            "framework_items#2 | NULL | class | flask_limiter.Limiter",
            "framework_items#2 | NULL | default_limits | [\"200 per day\"]",
            "framework_items#3 | NULL | class | flask_caching.Cache",
            "framework_items#4 | NULL | class | flask_socketio.SocketIO",
            "framework_items#5 | NULL | extension | pkg.mod.db",
            "framework_items#6 | NULL | extension | pkg.extensions.mail",
            "framework_items#7 | NULL | origin | https://a.example",
            "framework_items#7 | NULL | permissive | 0",
            "framework_items#7 | NULL | supports_credentials | True",
            "framework_items#8 | NULL | hook | before_request",
            "framework_items#9 | NULL | code | 404",
            "framework_items#10 | NULL | namespace | /room",
            "framework_items#12 | NULL | function | seed",
            "framework_items#12 | NULL | option | --count",
            "framework_items#12 | NULL | argument | name",
            "framework_items#13 | NULL | function | clean_cache",
            "framework_items#14 | NULL | type | limit",
            "framework_items#15 | NULL | type | cached",
            "framework_items#15 | NULL | timeout | 60",
            "framework_items#16 | NULL | permissive | 1",
            "framework_items#17 | NULL | type | memoize",
            "framework_items#17 | NULL | timeout | 300",
            "framework_items#18 | NULL | exception | ValueError",
        ],
    );
}

/// Only the function that itself calls `Flask(...)` is a factory (`build`, nested; not `run`,
/// which calls a factory, and not the module); `Flask` is not an extension; a permissive `CORS(app)`
/// (flask-cors allows every origin by default); a hook registered by a call.
#[test]
fn factories_are_the_functions_that_create_the_app() {
    let source = r#"
        from flask import Flask
        from flask_cors import CORS
        from myapp import create_app

        app = Flask(__name__)
        CORS(app)

        def run():
            application = create_app()
            return application

        def outer():
            def build():
                inner_app = Flask("x")
                inner_app.teardown_appcontext(close_db)
                return inner_app
            return build

        class Helper:
            def on(self):
                pass
"#;
    assert_rows(
        rows(source, "flask_app", "framework_items"),
        &[
            "F | @outer.<locals>.build | 13 | flask | app_factory | outer.<locals>.build | inner_app",
            "F | NULL | 6 | flask | cors | NULL | app",
            "F | NULL | 15 | flask | request_hook | close_db | inner_app",
        ],
    );
    assert_rows(
        rows(source, "flask_app", "framework_item_details"),
        &[
            "framework_items#1 | NULL | permissive | 1",
            "framework_items#2 | NULL | hook | teardown_appcontext",
        ],
    );
}

/// Found on installed packages: a `Session(...)` in a file that does not use Flask is not an
/// extension, and an extension's own `self.init_app(app)` is not an initialisation.
#[test]
fn extension_names_need_flask() {
    let source = r#"
        import tensorflow as tf

        def run():
            session = Session(graph=tf.Graph())

        class Ext:
            def __init__(self, app=None):
                if app is not None:
                    self.init_app(app)
    "#;
    assert_rows(rows(source, "flask_app", "framework_items"), &[]);
}

/// Commands of a click group defined in the file are click's, with the group as target.
#[test]
fn click_group_commands() {
    let source = r#"
        import click

        @click.group()
        def cli():
            pass

        @cli.command(name="list")
        def list_entries():
            pass
    "#;
    assert_rows(
        rows(source, "flask_app", "framework_items"),
        &[
            "F | @cli | 3 | click | cli_command | cli | click",
            "F | @list_entries | 7 | click | cli_command | list | cli",
        ],
    );
}
