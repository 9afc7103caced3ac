mod common;
use common::rows;
#[test]
fn probe() {
    for src in [
        "class K:\n    open = g\n    open()\n",
        "def f():\n    def open(): pass\n    open()\n",
        "def f():\n    class open: pass\n    open()\n",
        "def f():\n    try:\n        pass\n    except E as open:\n        open()\n",
        "def f():\n    for open in xs:\n        open()\n",
        "def f():\n    with x as open:\n        open()\n",
        "class C:\n    def m(self):\n        self = other\n        self.m()\n",
        "class C:\n    def m(self):\n        cls.m()\n",
        "class C:\n    @staticmethod\n    def m(x):\n        self.m()\n",
        "def f():\n    global open\n    open = g\nopen()\n",
        "import json\ndef f():\n    json.dumps()\n    json = 1\n",
        "def f():\n    [open() for open in xs]\n",
        "def f():\n    match x:\n        case open:\n            open()\n",
        "def f():\n    import os as open\n    open()\n",
        "def open(): pass\nopen = 1\nopen()\n",
        "def f():\n    def json(): pass\n    json.dumps()\nimport json\n",
        "class K:\n    def open(self): pass\n    open()\n",
        "def f(): pass\ndef g():\n    f = 1\n    f()\n",
        "def outer():\n    from os import path\n    class K:\n        path = 1\n        def m(self):\n            path.join()\n",
        "def f():\n    del open\n    open()\n",
        "def f():\n    open: int\n    open()\n",
        "def f():\n    open += 1\n    open()\n",
        "type X = int\nX()\n",
    ] {
        println!("--- {src:?}");
        for r in rows(src, "calls", "calls") { println!("{r}"); }
    }
}
