mod common;
use common::rows;

#[test]
fn probe() {
    let src = r#"
        import os
        def f(a, b=1):
            return os.path.join(a, b)
    "#;
    for t in ["symbols", "params"] { println!("{:#?}", rows(src, "symbols", t)); }
    println!("{:#?}", rows(src, "calls", "calls"));
    println!("{:#?}", rows(src, "calls", "call_args"));
}
