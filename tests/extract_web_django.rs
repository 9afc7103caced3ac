//! Exact rows of the Django items extractor (`src/extract/web/django.rs`): `framework_items` and
//! `framework_item_details` for class-based views, forms and form fields, admin classes and
//! registrations, middleware (class and function style), signals, receivers, managers and
//! querysets, per file. Each detail row is rendered as `item | line | key | value`.

mod common;

use common::{assert_rows, rows};

#[test]
fn class_based_views_with_permissions_and_overrides() {
    let source = r#"
        from django.contrib.auth.decorators import login_required
        from django.contrib.auth.mixins import PermissionRequiredMixin
        from django.utils.decorators import method_decorator
        from django.views import View, generic
        from rest_framework import generics, permissions

        class ReportView(PermissionRequiredMixin, generic.TemplateView):
            template_name = "reports/index.html"
            permission_required = ("reports.view", "reports.export")

        @method_decorator(login_required, name="dispatch")
        class PingView(View):
            http_method_names = ["get"]

            def get(self, request):
                pass

        class ApiList(generics.ListAPIView):
            queryset = Invoice.objects.all()
            permission_classes = [permissions.IsAuthenticated]

            def get_queryset(self):
                return super().get_queryset()

        class NotAView:
            template_name = "x.html"
    "#;
    assert_rows(
        rows(source, "django_items", "framework_items"),
        &[
            "F | @ReportView | 7 | django | view | ReportView | NULL",
            "F | @PingView | 12 | django | view | PingView | NULL",
            "F | @ApiList | 18 | drf | view | ApiList | Invoice",
        ],
    );
    assert_rows(
        rows(source, "django_items", "framework_item_details"),
        &[
            "framework_items#0 | 7 | base | django.views.generic.TemplateView",
            "framework_items#0 | 7 | permission | PermissionRequiredMixin",
            "framework_items#0 | 8 | template_name | reports/index.html",
            "framework_items#0 | 9 | permission_required | reports.view",
            "framework_items#0 | 9 | permission_required | reports.export",
            "framework_items#1 | 12 | base | django.views.View",
            "framework_items#1 | 11 | permission | login_required",
            "framework_items#1 | 13 | http_method | get",
            "framework_items#1 | 15 | method | get",
            "framework_items#2 | 18 | base | rest_framework.generics.ListAPIView",
            "framework_items#2 | 19 | queryset | Invoice.objects.all()",
            "framework_items#2 | 20 | permission_classes | permissions.IsAuthenticated",
            "framework_items#2 | 22 | method | get_queryset",
        ],
    );
}

#[test]
fn admin_classes_and_registrations() {
    let source = r#"
        from django.contrib import admin
        from .models import Author, Book, Tag
        from .other_admin import TagAdmin

        class BookInline(admin.StackedInline):
            model = Book

        class AuthorAdmin(admin.ModelAdmin):
            list_filter = ["country"]
            inlines = [BookInline]

        admin.site.register(Author, AuthorAdmin)
        admin.site.register([Tag], TagAdmin)
        admin.site.register(Book)
    "#;
    assert_rows(
        rows(source, "django_items", "framework_items"),
        &[
            "F | @BookInline | 5 | django | admin | BookInline | Book",
            "F | @AuthorAdmin | 8 | django | admin | AuthorAdmin | Author",
            "F | NULL | 13 | django | admin | TagAdmin | Tag",
            "F | NULL | 14 | django | admin | NULL | Book",
        ],
    );
    assert_rows(
        rows(source, "django_items", "framework_item_details"),
        &[
            "framework_items#0 | 5 | base | django.contrib.admin.StackedInline",
            "framework_items#1 | 8 | base | django.contrib.admin.ModelAdmin",
            "framework_items#1 | 12 | registered_model | Author",
            "framework_items#1 | 12 | registered_by | site.register",
            "framework_items#1 | 9 | list_filter | country",
            "framework_items#1 | 10 | inlines | BookInline",
            "framework_items#2 | 13 | registered_model | Tag",
            "framework_items#2 | 13 | registered_by | site.register",
            "framework_items#3 | 14 | registered_model | Book",
            "framework_items#3 | 14 | registered_by | site.register",
        ],
    );
}

#[test]
fn signals_receivers_and_middleware() {
    let source = r#"
        from django.core.signals import request_finished
        from django.db.models.signals import post_save, pre_delete
        from django.dispatch import Signal, receiver
        from django.utils.deprecation import MiddlewareMixin
        import sqlite3

        payment_done = Signal()

        @receiver([post_save, pre_delete], sender="shop.Order", dispatch_uid="orders")
        def audit(sender, **kwargs):
            pass

        def finished(sender, **kwargs):
            pass

        request_finished.connect(finished)
        conn = sqlite3.connect("db.sqlite3")
        button.clicked.connect(finished)

        class LegacyMiddleware(MiddlewareMixin):
            def process_request(self, request):
                pass

            def process_response(self, request, response):
                return response

        class SocketServer:
            def process_request(self, request, client):
                pass

        def not_middleware(get_response, other):
            def inner(request):
                pass
            return inner
    "#;
    assert_rows(
        rows(source, "django_items", "framework_items"),
        &[
            "F | @LegacyMiddleware | 20 | django | middleware | LegacyMiddleware | NULL",
            "F | NULL | 7 | django | signal | payment_done | NULL",
            "F | @audit | 9 | django | receiver | audit | post_save",
            "F | @finished | 16 | django | receiver | finished | request_finished",
        ],
    );
    assert_rows(
        rows(source, "django_items", "framework_item_details"),
        &[
            "framework_items#0 | 20 | style | class",
            "framework_items#0 | 21 | hook | process_request",
            "framework_items#0 | 24 | hook | process_response",
            "framework_items#2 | 9 | signal | post_save",
            "framework_items#2 | 9 | signal | pre_delete",
            "framework_items#2 | 9 | connected_by | decorator",
            "framework_items#2 | 9 | sender | shop.Order",
            "framework_items#2 | 9 | dispatch_uid | orders",
            "framework_items#3 | 16 | signal | request_finished",
            "framework_items#3 | 16 | connected_by | connect",
        ],
    );
}

#[test]
fn forms_managers_and_querysets() {
    let source = r#"
        from django import forms
        from django.db import models

        class ContactForm(forms.Form):
            email = forms.EmailField(validators=[check_domain])
            body = forms.CharField(widget=forms.Textarea)

            def clean_email(self):
                return self.cleaned_data["email"]

        class PublishedQuerySet(models.QuerySet):
            def live(self):
                return self.filter(live=True)

        class Article(models.Model):
            objects = models.Manager()
            published = models.Manager.from_queryset(PublishedQuerySet)()
            title = models.CharField(max_length=10)
    "#;
    assert_rows(
        rows(source, "django_items", "framework_items"),
        &[
            "F | @ContactForm | 4 | django | form | ContactForm | NULL",
            "F | @ContactForm | 5 | django | form_field | email | ContactForm",
            "F | @ContactForm | 6 | django | form_field | body | ContactForm",
            "F | @PublishedQuerySet | 11 | django | queryset | PublishedQuerySet | NULL",
            "F | @Article | 16 | django | manager | objects | models.Manager",
            "F | @Article | 17 | django | manager | published | models.Manager.from_queryset(PublishedQuerySet)()",
        ],
    );
    assert_rows(
        rows(source, "django_items", "framework_item_details"),
        &[
            "framework_items#0 | 4 | base | django.forms.Form",
            "framework_items#0 | 8 | method | clean_email",
            "framework_items#1 | 5 | type | forms.EmailField",
            "framework_items#1 | 5 | validators | check_domain",
            "framework_items#1 | 5 | validator | clean_email",
            "framework_items#2 | 6 | type | forms.CharField",
            "framework_items#2 | 6 | widget | forms.Textarea",
            "framework_items#3 | 11 | base | django.db.models.QuerySet",
            "framework_items#3 | 12 | method | live",
            "framework_items#4 | 16 | model | Article",
            "framework_items#5 | 17 | model | Article",
        ],
    );
}

#[test]
fn candidates_and_registered_admin_classes() {
    // `BaseListView` comes from another module: a candidate (confirmed or deleted by the link
    // stage). A class registered with `admin.site.register` is an admin class whatever its bases.
    let source = r#"
        from django import forms
        from django.contrib import admin
        from core.views import BaseListView
        from .models import Invoice

        class InvoiceList(BaseListView):
            model = Invoice
            paginate_by = 50
            amount = forms.DecimalField()

            class Meta:
                fields = ["amount"]

        class InvoiceAdmin:
            list_display = ["number"]

        admin.site.register(Invoice, InvoiceAdmin)
    "#;
    assert_rows(
        rows(source, "django_items", "framework_items"),
        &[
            "F | @InvoiceList | 6 | candidate | candidate | InvoiceList | Invoice",
            "F | @InvoiceList | 9 | candidate | form_field | amount | InvoiceList",
            "F | @InvoiceAdmin | 14 | django | admin | InvoiceAdmin | Invoice",
        ],
    );
    assert_rows(
        rows(source, "django_items", "framework_item_details"),
        &[
            "framework_items#0 | 7 | model | Invoice",
            "framework_items#0 | 8 | paginate_by | 50",
            "framework_items#0 | 12 | fields | amount",
            "framework_items#1 | 9 | type | forms.DecimalField",
            "framework_items#2 | 17 | registered_model | Invoice",
            "framework_items#2 | 17 | registered_by | site.register",
            "framework_items#2 | 15 | list_display | number",
        ],
    );
}

#[test]
fn queryset_chains() {
    let source = r#"
        def recent(user):
            orders = Order.objects.filter(user=user).exclude(paid=False).order_by("-created")
            single = Order.objects.filter(user=user)
            names = data.values().distinct()
            return orders

        class OrderView:
            def get_queryset(self):
                return self.get_queryset().select_related("customer").values_list("id", flat=True)
    "#;
    assert_rows(
        rows(source, "django_items", "framework_items"),
        &[
            "F | @recent | 2 | django | queryset_chain | NULL | Order.objects",
            "F | @OrderView.get_queryset | 9 | django | queryset_chain | NULL | self.get_queryset()",
        ],
    );
    assert_rows(
        rows(source, "django_items", "framework_item_details"),
        &[
            "framework_items#0 | 2 | method | filter",
            "framework_items#0 | 2 | method | exclude",
            "framework_items#0 | 2 | method | order_by",
            "framework_items#1 | 9 | method | select_related",
            "framework_items#1 | 9 | method | values_list",
        ],
    );
}

#[test]
fn custom_signal_classes() {
    let source = r#"
        import django.dispatch

        class AuditSignal(django.dispatch.Signal):
            def send_audit(self, sender, **kwargs):
                return self.send(sender, **kwargs)

        audited = AuditSignal()
        audited.connect(print_audit)
    "#;
    assert_rows(
        rows(source, "django_items", "framework_items"),
        &[
            "F | @AuditSignal | 3 | django | signal | AuditSignal | NULL",
            "F | NULL | 7 | django | signal | audited | NULL",
            "F | NULL | 8 | django | receiver | print_audit | audited",
        ],
    );
    assert_rows(
        rows(source, "django_items", "framework_item_details"),
        &[
            "framework_items#0 | 3 | base | django.dispatch.Signal",
            "framework_items#0 | 4 | method | send_audit",
            "framework_items#2 | 8 | signal | audited",
            "framework_items#2 | 8 | connected_by | connect",
        ],
    );
}
