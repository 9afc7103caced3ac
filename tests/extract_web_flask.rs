//! Exact rows of the Flask application-family extractor (`src/extract/web/flask_app.rs`):
//! `framework_items` and `framework_item_details`.

mod common;

use common::{assert_rows, rows};

fn show(source: &str) {
    for table in ["framework_items", "framework_item_details"] {
        eprintln!("-- {table}");
        for row in rows(source, "flask_app", table) {
            eprintln!("\"{row}\",");
        }
    }
}

#[test]
fn scratch() {
    show(r#"
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

        @app.cli.command("seed-db")
        @click.option("--count", default=1)
        def seed(count):
            pass

        @click.command()
        def clean_cache():
            pass

        @limiter.limit("5/minute")
        @cache.cached(timeout=60)
        @cross_origin()
        def view():
            pass
    "#);
    assert_rows(vec![], &[]);
}
