//! Exact rows of the mutations extractor (`src/extract/mutations/`).
//!
//! Each test runs parse → node index → `symbols` → `mutations` in-process on a snippet and
//! compares the whole `mutations` table: file | scope | line | col | kind | target | op |
//! in_init | receiver. Covered: `self`/`cls`/class attribute writes, item writes, writes and
//! mutating method calls through parameters (also from a nested function or lambda), `global`
//! and `nonlocal` only in the declaring function, augmented and annotated assignments, `del`,
//! walrus, tuple targets, and the innermost scope of every row.

mod common;

use common::{assert_rows, rows};

#[test]
fn instance_and_class_attributes() {
    let source = r#"
        class Counter:
            total = 0

            def __init__(self, start: int = 0):
                self.count = start
                self.history: list[int] = []
                self.a, self.b = 1, 2
                Counter.total += 1

            def bump(self):
                self.count += 1
                self.history.append(self.count)
                self.reset()
                del self.a

            @classmethod
            def configure(cls, value):
                cls.default = value
                cls.registry.update(value=value)

            @staticmethod
            def helper(self):
                self.x = 1

            def __new__(klass, *args):
                klass.instances = 0
                return super().__new__(klass)

        Counter.total = 10
        obj = Counter()
        obj.count = 3
    "#;
    assert_rows(
        rows(source, "mutations", "mutations"),
        &[
            "F | @Counter.__init__ | 5 | 8 | attribute | self.count | = | 1 | self",
            "F | @Counter.__init__ | 6 | 8 | attribute | self.history | = | 1 | self",
            "F | @Counter.__init__ | 7 | 8 | attribute | self.a | = | 1 | self",
            "F | @Counter.__init__ | 7 | 16 | attribute | self.b | = | 1 | self",
            "F | @Counter.__init__ | 8 | 8 | class_attribute | Counter.total | += | 1 | Counter",
            "F | @Counter.bump | 11 | 8 | attribute | self.count | += | 0 | self",
            "F | @Counter.bump | 12 | 8 | attribute | self.history | append | 0 | self",
            "F | @Counter.bump | 14 | 12 | attribute | self.a | del | 0 | self",
            "F | @Counter.configure | 18 | 8 | class_attribute | cls.default | = | 0 | cls",
            "F | @Counter.configure | 19 | 8 | class_attribute | cls.registry | update | 0 | cls",
            // A staticmethod's first parameter is an ordinary argument.
            "F | @Counter.helper | 23 | 8 | argument | self.x | = | 0 | self",
            // `__new__` receives the class, whatever its first parameter is called.
            "F | @Counter.__new__ | 26 | 8 | class_attribute | klass.instances | = | 0 | klass",
            "F | NULL | 29 | 0 | class_attribute | Counter.total | = | 0 | Counter",
            "F | NULL | 31 | 0 | attribute | obj.count | = | 0 | obj",
        ],
    );
}

#[test]
fn arguments_items_and_mutable_defaults() {
    let source = r#"
        def add_item(item, bucket=[]):
            bucket.append(item)
            return bucket

        def fill(config: dict, rows, *extra, **options):
            config["debug"] = True
            config.setdefault("level", 1)
            rows[0].name = "first"
            options.pop("x", None)
            local = {}
            local["k"] = 1
            local.update(config)
            rows = list(rows)
            rows.append(1)

            def inner():
                config["nested"] = 1
                extra.sort()

            handler = lambda event: event.consumed.add(1)
            return [config.clear() for _ in range(2)]
    "#;
    assert_rows(
        rows(source, "mutations", "mutations"),
        &[
            "F | @add_item | 2 | 4 | argument | bucket | append | 0 | bucket",
            "F | @fill | 6 | 4 | argument | config[\"debug\"] | = | 0 | config",
            "F | @fill | 7 | 4 | argument | config | setdefault | 0 | config",
            "F | @fill | 8 | 4 | argument | rows[0].name | = | 0 | rows",
            "F | @fill | 9 | 4 | argument | options | pop | 0 | options",
            "F | @fill | 11 | 4 | item | local[\"k\"] | = | 0 | local",
            // An approximation: `rows` was rebound to a new list, but it is still the parameter's name.
            "F | @fill | 14 | 4 | argument | rows | append | 0 | rows",
            "F | @fill.<locals>.inner | 17 | 8 | argument | config[\"nested\"] | = | 0 | config",
            "F | @fill.<locals>.inner | 18 | 8 | argument | extra | sort | 0 | extra",
            "F | @fill.<locals>.<lambda> | 20 | 28 | argument | event.consumed | add | 0 | event",
            "F | @fill | 21 | 12 | argument | config | clear | 0 | config",
        ],
    );
}

#[test]
fn global_and_nonlocal_only_in_the_declaring_function() {
    let source = r#"
        counter = 0
        cache = {}

        def increment():
            global counter
            counter += 1
            cache["hits"] = counter

            def nested():
                counter = 5
                return counter

        def make():
            total = 0
            def add(n):
                nonlocal total
                total += n
                (total := total + 1)
                del total
            def shadow():
                total = 1
            return add

        def other():
            counter = 2
            for counter in range(3):
                pass
    "#;
    assert_rows(
        rows(source, "mutations", "mutations"),
        &[
            "F | @increment | 6 | 4 | global | counter | += | 0 | counter",
            "F | @increment | 7 | 4 | item | cache[\"hits\"] | = | 0 | cache",
            "F | @make.<locals>.add | 17 | 8 | nonlocal | total | += | 0 | total",
            "F | @make.<locals>.add | 18 | 9 | nonlocal | total | := | 0 | total",
            "F | @make.<locals>.add | 19 | 12 | nonlocal | total | del | 0 | total",
        ],
    );
}

#[test]
fn writes_inside_init_helpers_and_class_bodies() {
    let source = r#"
        class Node:
            children = []
            children.append(0)

            def __init__(self, parent=None):
                def link(child):
                    self.children.append(child)
                self.parent = parent
                if parent is not None:
                    parent.children.append(self)
                register = lambda: setattr(self, "ok", True)

            class Meta:
                ordering = ["id"]
                Node_ref = None

        def outer():
            class Local:
                pass
            Local.flag = True
            Local.items[0] = 1
            delattr(Local, "flag")

        def patch(target, setattr=print):
            setattr(target, "x", 1)
    "#;
    assert_rows(
        rows(source, "mutations", "mutations"),
        &[
            "F | @Node.__init__.<locals>.link | 7 | 12 | attribute | self.children | append | 1 | self",
            "F | @Node.__init__ | 8 | 8 | attribute | self.parent | = | 1 | self",
            "F | @Node.__init__ | 10 | 12 | argument | parent.children | append | 1 | parent",
            "F | @Node.__init__.<locals>.<lambda> | 11 | 35 | attribute | self | setattr | 1 | self",
            "F | @outer | 20 | 4 | class_attribute | Local.flag | = | 0 | Local",
            "F | @outer | 21 | 4 | item | Local.items[0] | = | 0 | Local",
            "F | @outer | 22 | 12 | class_attribute | Local | delattr | 0 | Local",
        ],
    );
}
