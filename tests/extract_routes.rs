//! Exact rows of the route extractors (`src/extract/routes/`): `routes`, `route_controls`,
//! `route_objects`, `route_object_controls`, `route_mounts`, `route_mount_controls` (extractor
//! `routes`) and `route_views` (extractor `route_views`), on Flask, FastAPI, Django and DRF code
//! as it is written in real applications.
//!
//! `full_path` is NULL in every per-file row: the link stage computes it (tests/e2e_frameworks_routes.rs).

mod common;

use common::{assert_rows, rows};

fn show(source: &str) {
    for table in ["route_objects", "route_object_controls", "routes", "route_controls", "route_mounts", "route_mount_controls"] {
        eprintln!("-- {table}");
        for row in rows(source, "routes", table) {
            eprintln!("\"{row}\",");
        }
    }
    eprintln!("-- route_views");
    for row in rows(source, "route_views", "route_views") {
        eprintln!("\"{row}\",");
    }
}

#[test]
fn scratch() {
    show(r#"
        from flask import Flask, Blueprint
        from flask_login import login_required

        app = Flask(__name__)
        bp = Blueprint("users", __name__, url_prefix="/users")

        @app.route("/")
        def index():
            return "hi"

        @bp.route("/<int:user_id>", methods=["GET", "post"])
        @login_required
        def user(user_id):
            pass

        app.register_blueprint(bp, url_prefix="/u")
    "#);
    assert_rows(vec![], &[]);
}
