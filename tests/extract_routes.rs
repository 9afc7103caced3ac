//! Exact rows of the route extractors (`src/extract/routes/`): `routes`, `route_controls`,
//! `route_objects`, `route_object_controls`, `route_mounts`, `route_mount_controls` (extractor
//! `routes`) and `route_views` (extractor `route_views`), on Flask, FastAPI, Django and DRF code
//! written the way applications write it.
//!
//! Per file, `full_path` is NULL (the link stage computes it; see tests/e2e_frameworks_routes.rs),
//! routes on objects of other files carry their qualified receiver (`router_qualified`) and no
//! `object_id`, and views of other files are `ANY`.

mod common;

use common::{assert_rows, rows};

/// Every table the `routes` extractor fills, each row prefixed by its table.
fn route_tables(source: &str) -> Vec<String> {
    let mut all = Vec::new();
    for table in [
        "route_objects",
        "route_object_controls",
        "routes",
        "route_controls",
        "route_mounts",
        "route_mount_controls",
    ] {
        all.extend(rows(source, "routes", table).into_iter().map(|row| format!("{table}: {row}")));
    }
    all
}
/// Flask: `@app.route` with methods and endpoint, `@bp.route` on a blueprint with url_prefix, stacked
/// `@app.get`/`@app.post`, a blueprint imported from the same package, a route inside an application
/// factory (its own app object), `add_url_rule` with a function, blueprint registration. Not
/// routes: `@patch(...)`, `@mock.patch(...)`, a receiver from another package that is not named
/// like an application, `@self.app.route`.
#[test]
fn flask_decorators_blueprints_and_false_routes() {
    let source = r#"
        from flask import Blueprint, Flask
        from flask_login import login_required
        from unittest.mock import patch
        from unittest import mock
        from pkg.admin import admin_bp
        from thirdparty import client

        app = Flask(__name__)
        bp = Blueprint("users", __name__, url_prefix="/users")

        @app.route("/", endpoint="home")
        def index():
            return "hi"

        @bp.route("/<int:user_id>", methods=["GET", "post"])
        @login_required
        def user(user_id):
            pass

        @app.get("/ping")
        @app.post("/ping")
        async def ping():
            pass

        @admin_bp.route("/stats")
        def stats():
            pass

        @patch("pkg.mod.get")
        @mock.patch("pkg.mod.post")
        @client.get("/not-a-route")
        def test_thing(m1, m2):
            pass

        class Service:
            def __init__(self, app):
                @self.app.route("/no")
                def inner():
                    pass

        def make_app():
            app = Flask("inner")

            @app.route("/inside")
            def inside():
                pass

            return app

        def helper():
            pass

        app.add_url_rule("/help", "help", helper)
        app.register_blueprint(bp, url_prefix="/u")
        bp.register_blueprint(admin_bp)
    "#;
    assert_rows(
        route_tables(source),
        &[
            "route_objects: F | NULL | 8 | flask | app | app | NULL | NULL | 0",
            "route_objects: F | NULL | 9 | flask | blueprint | bp | /users | users | 0",
            "route_objects: F | @make_app | 42 | flask | app | app | NULL | NULL | 0",
            "routes: F | @index | 11 | flask | GET | / | NULL | index | app | 0 | home | pkg.mod.index | pkg.mod.app | route_objects#0",
            "routes: F | @user | 15 | flask | GET | /<int:user_id> | NULL | user | bp | 1 | NULL | pkg.mod.user | pkg.mod.bp | route_objects#1",
            "routes: F | @user | 15 | flask | POST | /<int:user_id> | NULL | user | bp | 1 | NULL | pkg.mod.user | pkg.mod.bp | route_objects#1",
            "routes: F | @ping | 20 | flask | GET | /ping | NULL | ping | app | 0 | NULL | pkg.mod.ping | pkg.mod.app | route_objects#0",
            "routes: F | @ping | 21 | flask | POST | /ping | NULL | ping | app | 0 | NULL | pkg.mod.ping | pkg.mod.app | route_objects#0",
            "routes: F | @stats | 25 | flask | GET | /stats | NULL | stats | admin_bp | 0 | NULL | pkg.mod.stats | pkg.admin.admin_bp | NULL",
            "routes: F | @make_app.<locals>.inside | 44 | flask | GET | /inside | NULL | make_app.<locals>.inside | app | 0 | NULL | pkg.mod.make_app.<locals>.inside | NULL | route_objects#2",
            "routes: F | @helper | 53 | flask | GET | /help | NULL | helper | app | 0 | help | pkg.mod.helper | pkg.mod.app | route_objects#0",
            "route_controls: routes#1 | decorator | login_required | 1",
            "route_controls: routes#2 | decorator | login_required | 1",
            "route_mounts: F | NULL | 54 | flask | blueprint | route_objects#0 | pkg.mod.app | route_objects#1 | pkg.mod.bp | /u | 1",
            "route_mounts: F | NULL | 55 | flask | blueprint | route_objects#1 | pkg.mod.bp | NULL | pkg.admin.admin_bp | NULL | 0",
        ],
    );
}

/// Flask `MethodView` classes registered with `add_url_rule(view_func=View.as_view(...))`: the
/// methods the class defines (or `methods=`), its `decorators` as controls; a view class from
/// another file is `ANY` until the link stage.
#[test]
fn flask_method_views() {
    let source = r#"
        from flask import Flask
        from flask.views import MethodView
        from .auth import token_required
        from .resources import ReportAPI

        app = Flask(__name__)

        class UserAPI(MethodView):
            decorators = [token_required]

            def get(self, user_id=None):
                pass

            def post(self):
                pass

            def helper(self):
                pass

        app.add_url_rule("/users/<int:user_id>", view_func=UserAPI.as_view("user"), methods=["GET", "PUT"])
        app.add_url_rule("/users/", view_func=UserAPI.as_view("users"))
        app.add_url_rule("/reports/", view_func=ReportAPI.as_view("reports"))
    "#;
    assert_rows(
        route_tables(source),
        &[
            "route_objects: F | NULL | 6 | flask | app | app | NULL | NULL | 0",
            "routes: F | @UserAPI | 20 | flask | GET | /users/<int:user_id> | NULL | UserAPI | app | 1 | NULL | pkg.mod.UserAPI | pkg.mod.app | route_objects#0",
            "routes: F | @UserAPI | 20 | flask | PUT | /users/<int:user_id> | NULL | UserAPI | app | 1 | NULL | pkg.mod.UserAPI | pkg.mod.app | route_objects#0",
            "routes: F | @UserAPI | 21 | flask | GET | /users/ | NULL | UserAPI | app | 1 | NULL | pkg.mod.UserAPI | pkg.mod.app | route_objects#0",
            "routes: F | @UserAPI | 21 | flask | POST | /users/ | NULL | UserAPI | app | 1 | NULL | pkg.mod.UserAPI | pkg.mod.app | route_objects#0",
            "routes: F | NULL | 22 | flask | ANY | /reports/ | NULL | ReportAPI | app | 0 | NULL | pkg.resources.ReportAPI | pkg.mod.app | route_objects#0",
            "route_controls: routes#0 | decorator | token_required | 1",
            "route_controls: routes#1 | decorator | token_required | 1",
            "route_controls: routes#2 | decorator | token_required | 1",
            "route_controls: routes#3 | decorator | token_required | 1",
        ],
    );
    assert_rows(
        rows(source, "route_views", "route_views"),
        &[
            "F | @UserAPI | @UserAPI.get | 11 | method | get | GET | NULL | NULL | 0",
            "F | @UserAPI | @UserAPI.post | 14 | method | post | POST | NULL | NULL | 0",
            "F | @UserAPI | NULL | 9 | control | token_required | NULL | NULL | NULL | 1",
        ],
    );
}

/// FastAPI: dependencies as defaults (`Depends(f)`, `Depends()` naming the annotation,
/// `Security(...)`), in `Annotated[...]`, through aliases (`X = Annotated[...]`, `type X = ...`),
/// in the decorator's `dependencies=`; router-level dependencies and include dependencies as
/// object and mount controls; security schemes make a dependency authenticate.
#[test]
fn fastapi_dependencies() {
    let source = r#"
        from typing import Annotated
        from fastapi import APIRouter, Depends, FastAPI, Security
        from fastapi.security import HTTPBearer
        from .deps import get_db, get_current_user, Pagination

        bearer = HTTPBearer()
        router = APIRouter(prefix="/items", dependencies=[Depends(get_db)])
        app = FastAPI()
        type SessionDep = Annotated[object, Depends(get_db)]
        CurrentUser = Annotated[dict, Depends(get_current_user)]

        @router.get("/", name="list-items")
        async def list_items(session: SessionDep, page: Pagination = Depends(), q: str | None = None):
            pass

        @router.post("/", dependencies=[Depends(get_current_user)], status_code=201)
        def create_item(item: dict, creds=Security(bearer, scopes=["items:write"])):
            pass

        @router.api_route("/{item_id}", methods=["PUT", "PATCH"])
        def change(item_id: int, user: CurrentUser, token: Annotated[str, Depends(bearer)]):
            pass

        @app.delete("/items/{item_id}")
        def delete(item_id: int, auth=Depends(get_current_user)):
            pass

        app.include_router(router, prefix="/v1", dependencies=[Depends(get_current_user)])
    "#;
    assert_rows(
        route_tables(source),
        &[
            "route_objects: F | NULL | 7 | fastapi | router | router | /items | NULL | 0",
            "route_objects: F | NULL | 8 | fastapi | app | app | NULL | NULL | 0",
            "route_object_controls: route_objects#0 | dependency | get_db | 0",
            "routes: F | @list_items | 12 | fastapi | GET | / | NULL | list_items | router | 0 | list-items | pkg.mod.list_items | pkg.mod.router | route_objects#0",
            "routes: F | @create_item | 16 | fastapi | POST | / | NULL | create_item | router | 1 | NULL | pkg.mod.create_item | pkg.mod.router | route_objects#0",
            "routes: F | @change | 20 | fastapi | PUT | /{item_id} | NULL | change | router | 1 | NULL | pkg.mod.change | pkg.mod.router | route_objects#0",
            "routes: F | @change | 20 | fastapi | PATCH | /{item_id} | NULL | change | router | 1 | NULL | pkg.mod.change | pkg.mod.router | route_objects#0",
            "routes: F | @delete | 24 | fastapi | DELETE | /items/{item_id} | NULL | delete | app | 1 | NULL | pkg.mod.delete | pkg.mod.app | route_objects#1",
            "route_controls: routes#0 | dependency | get_db | 0",
            "route_controls: routes#0 | dependency | Pagination | 0",
            "route_controls: routes#1 | dependency | bearer | 1",
            "route_controls: routes#1 | dependency | get_current_user | 1",
            "route_controls: routes#2 | dependency | get_current_user | 1",
            "route_controls: routes#2 | dependency | bearer | 1",
            "route_controls: routes#3 | dependency | get_current_user | 1",
            "route_controls: routes#3 | dependency | bearer | 1",
            "route_controls: routes#4 | dependency | get_current_user | 1",
            "route_mounts: F | NULL | 28 | fastapi | router | route_objects#1 | pkg.mod.app | route_objects#0 | pkg.mod.router | /v1 | 0",
            "route_mount_controls: route_mounts#0 | dependency | get_current_user | 1",
        ],
    );
    assert_rows(
        rows(source, "routes", "route_dependency_aliases"),
        &["F | 9 | SessionDep | get_db | 0", "F | 10 | CurrentUser | get_current_user | 1"],
    );
}

/// Django URLconfs: `path`/`re_path`/`url`, views as written (another file) or local class views
/// with their methods, wrappers as controls, `include("app.urls")`, `include(router.urls)`, an
/// inline `include([...])`, `urlpatterns +=` inside `if`, and a DRF router's `register`.
#[test]
fn django_urlconf() {
    let source = r#"
        from django.contrib.auth.decorators import login_required
        from django.urls import include, path, re_path
        from django.conf.urls import url
        from django.views.decorators.cache import cache_page
        from rest_framework.routers import DefaultRouter
        from . import views
        from .views import ArticleViewSet
        from django.conf import settings

        router = DefaultRouter()
        router.register(r"articles", ArticleViewSet, basename="article")

        class LocalView(views.View):
            def get(self, request):
                pass

            def delete(self, request):
                pass

        urlpatterns = [
            path("", views.home, name="home"),
            path("local/", LocalView.as_view()),
            path("dash/", login_required(views.Dashboard.as_view()), name="dash"),
            re_path(r"^archive/(?P<year>[0-9]{4})/$", cache_page(60)(views.archive)),
            url(r"^legacy/$", views.legacy),
            path("shop/", include("shop.urls")),
            path("api/", include(router.urls)),
            path("v2/", include([
                path("ping/", views.ping),
            ])),
        ]

        if settings.DEBUG:
            urlpatterns += [path("debug/", views.debug)]
    "#;
    assert_rows(
        route_tables(source),
        &[
            "route_objects: F | NULL | 10 | drf | router | router | NULL | NULL | 0",
            "route_objects: F | NULL | 20 | django | urlconf | urlpatterns | NULL | NULL | 0",
            "route_objects: F | NULL | 28 | django | urlconf | <include> | NULL | NULL | 0",
            "routes: F | NULL | 21 | django | ANY |  | NULL | views.home | NULL | 0 | home | pkg.views.home | NULL | route_objects#1",
            "routes: F | @LocalView | 22 | django | GET | local/ | NULL | LocalView | NULL | 0 | NULL | pkg.mod.LocalView | NULL | route_objects#1",
            "routes: F | @LocalView | 22 | django | DELETE | local/ | NULL | LocalView | NULL | 0 | NULL | pkg.mod.LocalView | NULL | route_objects#1",
            "routes: F | NULL | 23 | django | ANY | dash/ | NULL | views.Dashboard | NULL | 1 | dash | pkg.views.Dashboard | NULL | route_objects#1",
            "routes: F | NULL | 24 | django | ANY | ^archive/(?P<year>[0-9]{4})/$ | NULL | views.archive | NULL | 0 | NULL | pkg.views.archive | NULL | route_objects#1",
            "routes: F | NULL | 25 | django | ANY | ^legacy/$ | NULL | views.legacy | NULL | 0 | NULL | pkg.views.legacy | NULL | route_objects#1",
            "routes: F | NULL | 29 | django | ANY | ping/ | NULL | views.ping | NULL | 0 | NULL | pkg.views.ping | NULL | route_objects#2",
            "routes: F | NULL | 34 | django | ANY | debug/ | NULL | views.debug | NULL | 0 | NULL | pkg.views.debug | NULL | route_objects#1",
            "route_controls: routes#3 | decorator | login_required | 1",
            "route_controls: routes#4 | decorator | cache_page | 0",
            "route_mounts: F | NULL | 11 | drf | viewset | route_objects#0 | NULL | NULL | pkg.views.ArticleViewSet | articles | 0",
            "route_mounts: F | NULL | 26 | django | include | route_objects#1 | NULL | NULL | shop.urls.urlpatterns | shop/ | 0",
            "route_mounts: F | NULL | 27 | django | include | route_objects#1 | NULL | route_objects#0 | NULL | api/ | 0",
            "route_mounts: F | NULL | 28 | django | include | route_objects#1 | NULL | route_objects#2 | NULL | v2/ | 0",
        ],
    );
    assert_rows(
        rows(source, "route_views", "route_views"),
        &[
            "F | @LocalView | @LocalView.get | 14 | method | get | GET | NULL | NULL | 0",
            "F | @LocalView | @LocalView.delete | 17 | method | delete | DELETE | NULL | NULL | 0",
        ],
    );
}

/// `route_views`: DRF ViewSets (own, inherited and extra actions, permission classes including
/// composed ones), mixin-based standard actions, Django class views with `LoginRequiredMixin` and
/// `@method_decorator`, DRF `APIView`, `@api_view` and `@require_POST` function views. Not views: a
/// function without `request`, a class with a `get` method but no view base.
#[test]
fn view_facts() {
    let source = r#"
        from django.contrib.auth.mixins import LoginRequiredMixin
        from django.contrib.auth.decorators import login_required
        from django.utils.decorators import method_decorator
        from django.views import View
        from django.views.decorators.http import require_POST
        from rest_framework import mixins, permissions, viewsets
        from rest_framework.decorators import action, api_view, permission_classes
        from rest_framework.views import APIView

        class ArticleViewSet(viewsets.ModelViewSet):
            permission_classes = [permissions.IsAuthenticated, IsOwner | permissions.IsAdminUser]

            def list(self, request):
                pass

            @action(detail=True, methods=["post", "delete"], url_path="publish")
            def publish(self, request, pk=None):
                pass

            @action(detail=False)
            def recent(self, request):
                pass

        class TagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
            pass

        @method_decorator(login_required, name="dispatch")
        class Profile(LoginRequiredMixin, View):
            def get(self, request):
                pass

        class Health(APIView):
            permission_classes = []

            async def get(self, request):
                pass

        @api_view(["GET", "POST"])
        @permission_classes([permissions.AllowAny])
        def stats(request):
            pass

        @require_POST
        @login_required
        def upload(request):
            pass

        def plain(request):
            pass

        def not_a_view(x):
            pass

        class Cache:
            def get(self, key):
                pass
    "#;
    assert_rows(
        rows(source, "route_views", "route_views"),
        &[
            "F | @ArticleViewSet | @ArticleViewSet.list | 13 | action | list | GET | 0 | NULL | 0",
            "F | @ArticleViewSet | @ArticleViewSet.publish | 17 | extra_action | publish | POST | 1 | publish | 0",
            "F | @ArticleViewSet | @ArticleViewSet.publish | 17 | extra_action | publish | DELETE | 1 | publish | 0",
            "F | @ArticleViewSet | @ArticleViewSet.recent | 21 | extra_action | recent | GET | 0 | recent | 0",
            "F | @ArticleViewSet | NULL | 10 | action | create | POST | 0 | NULL | 0",
            "F | @ArticleViewSet | NULL | 10 | action | retrieve | GET | 1 | NULL | 0",
            "F | @ArticleViewSet | NULL | 10 | action | update | PUT | 1 | NULL | 0",
            "F | @ArticleViewSet | NULL | 10 | action | partial_update | PATCH | 1 | NULL | 0",
            "F | @ArticleViewSet | NULL | 10 | action | destroy | DELETE | 1 | NULL | 0",
            "F | @ArticleViewSet | NULL | 11 | permission | permissions.IsAuthenticated | NULL | NULL | NULL | 1",
            "F | @ArticleViewSet | NULL | 11 | permission | IsOwner | permissions.IsAdminUser | NULL | NULL | NULL | 1",
            "F | @TagViewSet | NULL | 24 | action | list | GET | 0 | NULL | 0",
            "F | @TagViewSet | NULL | 24 | action | retrieve | GET | 1 | NULL | 0",
            "F | @Profile | @Profile.get | 29 | method | get | GET | NULL | NULL | 0",
            "F | @Profile | NULL | 28 | control | LoginRequiredMixin | NULL | NULL | NULL | 1",
            "F | @Profile | NULL | 27 | control | login_required | NULL | NULL | NULL | 1",
            "F | @Health | @Health.get | 35 | method | get | GET | NULL | NULL | 0",
            "F | @stats | NULL | 38 | method | get | GET | NULL | NULL | 0",
            "F | @stats | NULL | 38 | method | post | POST | NULL | NULL | 0",
            "F | @stats | NULL | 39 | permission | permissions.AllowAny | NULL | NULL | NULL | 0",
            "F | @upload | NULL | 43 | method | post | POST | NULL | NULL | 0",
            "F | @upload | NULL | 44 | control | login_required | NULL | NULL | NULL | 1",
        ],
    );
    assert_rows(rows(source, "routes", "routes"), &[]);
}

/// Classes named like views but not views (the standard library's `tkinter.Canvas(Widget, XView)`,
/// `asyncio.Queue(mixins._LoopBoundMixin)`) give no facts; a base view class of the same file
/// makes its subclasses views.
#[test]
fn view_classes_need_a_view_base() {
    let source = r#"
        from django.views import View
        from asyncio import mixins

        class XView:
            def xview(self, *args):
                pass

        class Canvas(Widget, XView):
            def delete(self, *args):
                pass

        class Queue(mixins._LoopBoundMixin):
            def get(self):
                pass

        class BaseView(View):
            pass

        class Page(BaseView):
            def get(self, request):
                pass
    "#;
    assert_rows(
        rows(source, "route_views", "route_views"),
        &["F | @Page | @Page.get | 20 | method | get | GET | NULL | NULL | 0"],
    );
}

/// Flask-RESTful `api.add_resource(Resource, urls...)` (one route per URL, the methods of a local
/// resource, `ANY` for an imported one), Flask-RESTX namespaces (`@ns.route` on a resource class,
/// the namespace's default path, `add_namespace(ns, path=...)`), and DRF's explicit
/// `ViewSet.as_view({"get": "list", "post": "create"})` mapping in a URLconf.
#[test]
fn rest_extensions_and_explicit_viewset_mappings() {
    let source = r#"
        from django.urls import path
        from flask_restful import Api, Resource
        from flask_restx import Namespace
        from .resources import TodoList
        from .views import UserViewSet

        api = Api(app, prefix="/api")
        ns = Namespace("todos")

        class Todo(Resource):
            def get(self, todo_id):
                pass

            def delete(self, todo_id):
                pass

        api.add_resource(Todo, "/todos/<todo_id>", "/t/<todo_id>", endpoint="todo")
        api.add_resource(TodoList, "/todos")

        @ns.route("/<int:id>")
        class Item(Resource):
            def put(self, id):
                pass

        api.add_namespace(ns, path="/items")

        urlpatterns = [
            path("users/", UserViewSet.as_view({"get": "list", "post": "create"}), name="user-list"),
        ]
    "#;
    assert_rows(
        route_tables(source),
        &[
            "route_objects: F | NULL | 7 | flask | api | api | /api | NULL | 0",
            "route_objects: F | NULL | 8 | flask | namespace | ns | /todos | todos | 0",
            "route_objects: F | NULL | 27 | django | urlconf | urlpatterns | NULL | NULL | 0",
            "routes: F | @Item | 20 | flask | PUT | /<int:id> | NULL | Item | ns | 0 | NULL | pkg.mod.Item | pkg.mod.ns | route_objects#1",
            "routes: F | @Todo | 17 | flask | GET | /todos/<todo_id> | NULL | Todo | api | 0 | todo | pkg.mod.Todo | pkg.mod.api | route_objects#0",
            "routes: F | @Todo | 17 | flask | DELETE | /todos/<todo_id> | NULL | Todo | api | 0 | todo | pkg.mod.Todo | pkg.mod.api | route_objects#0",
            "routes: F | @Todo | 17 | flask | GET | /t/<todo_id> | NULL | Todo | api | 0 | todo | pkg.mod.Todo | pkg.mod.api | route_objects#0",
            "routes: F | @Todo | 17 | flask | DELETE | /t/<todo_id> | NULL | Todo | api | 0 | todo | pkg.mod.Todo | pkg.mod.api | route_objects#0",
            "routes: F | NULL | 18 | flask | ANY | /todos | NULL | TodoList | api | 0 | NULL | pkg.resources.TodoList | pkg.mod.api | route_objects#0",
            "routes: F | NULL | 28 | django | GET | users/ | NULL | UserViewSet | NULL | 0 | user-list | pkg.views.UserViewSet | NULL | route_objects#2",
            "routes: F | NULL | 28 | django | POST | users/ | NULL | UserViewSet | NULL | 0 | user-list | pkg.views.UserViewSet | NULL | route_objects#2",
            "route_mounts: F | NULL | 25 | flask | namespace | route_objects#0 | pkg.mod.api | route_objects#1 | pkg.mod.ns | /items | 1",
        ],
    );
}

/// Found on installed packages: functions taking `request` are views only in files that use
/// Django or DRF (not pytest fixtures, not aiohttp middlewares), and classes named `...Resource`
/// are views only in files that import a web framework.
#[test]
fn request_parameters_and_resource_names_need_a_web_framework() {
    let source = r#"
        import pytest
        from pkg.models.core import TaggedResource

        @pytest.fixture
        def style(request):
            return request.param

        class NetworkInterface(TaggedResource):
            def delete(self):
                pass
    "#;
    assert_rows(rows(source, "route_views", "route_views"), &[]);
}

/// URLconfs grown with `append`, `extend` and `i18n_patterns`; other calls on `urlpatterns` and
/// entries that are not `path` / `re_path` / `url` give nothing.
#[test]
fn urlpatterns_append_extend_and_i18n() {
    let source = r#"
        from django.conf.urls.i18n import i18n_patterns
        from django.urls import path
        from . import views

        urlpatterns = i18n_patterns(path("about/", views.about))
        urlpatterns.append(path("a/", views.a))
        urlpatterns.extend([path("b/", views.b), static("/media/")])
        urlpatterns.sort()
    "#;
    assert_rows(
        rows(source, "routes", "routes"),
        &[
            "F | NULL | 5 | django | ANY | about/ | NULL | views.about | NULL | 0 | NULL | pkg.views.about | NULL | route_objects#0",
            "F | NULL | 6 | django | ANY | a/ | NULL | views.a | NULL | 0 | NULL | pkg.views.a | NULL | route_objects#0",
            "F | NULL | 7 | django | ANY | b/ | NULL | views.b | NULL | 0 | NULL | pkg.views.b | NULL | route_objects#0",
        ],
    );
}

/// FastAPI's `add_api_route(path, endpoint, methods=[...])`, with a local and an imported endpoint.
#[test]
fn fastapi_add_api_route() {
    let source = r#"
        from fastapi import APIRouter
        from .handlers import export

        router = APIRouter()

        async def health():
            return {}

        router.add_api_route("/health", health, methods=["GET", "HEAD"], name="health")
        router.add_api_route("/export", export)
    "#;
    assert_rows(
        rows(source, "routes", "routes"),
        &[
            "F | @health | 9 | fastapi | GET | /health | NULL | health | router | 0 | health | pkg.mod.health | pkg.mod.router | route_objects#0",
            "F | @health | 9 | fastapi | HEAD | /health | NULL | health | router | 0 | health | pkg.mod.health | pkg.mod.router | route_objects#0",
            "F | NULL | 10 | fastapi | GET | /export | NULL | export | router | 0 | NULL | pkg.handlers.export | pkg.mod.router | route_objects#0",
        ],
    );
}
