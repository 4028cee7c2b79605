//! Remembered includes write what the includes as written write, page after page.

use std::sync::Arc;

use tera::{Context, Tera, Value};

use super::{rewrite, rewrite_includes};

fn tera_of(sources: &[(String, String)]) -> Tera {
    let mut tera = Tera::new();
    tera.autoescape_on(super::AUTOESCAPED.to_vec());
    tera.add_raw_templates(sources.to_vec()).unwrap();
    tera
}

/// The templates as written and as rewritten, and the rewritten texts.
fn both(templates: &[(&str, &str)]) -> (Tera, Arc<Tera>, Vec<(String, String)>) {
    let sources: Vec<(String, String)> = templates
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    let original = tera_of(&sources);
    let mut fast = Tera::new();
    fast.autoescape_on(super::AUTOESCAPED.to_vec());
    let rendered_with = super::RenderedWith::default();
    let rewritten = rewrite(&original, &sources, &["page"], &mut fast, &rendered_with);
    fast.add_raw_templates(rewritten.clone()).unwrap();
    let fast = Arc::new(fast);
    rendered_with.set(Arc::downgrade(&fast)).unwrap();
    (original, fast, rewritten)
}

fn text_of<'a>(rewritten: &'a [(String, String)], name: &str) -> &'a str {
    &rewritten.iter().find(|(n, _)| n == name).unwrap().1
}

const BASE: &str = "<title>{{ page.title }}</title>\n{%- include \"menu.html\" -%}\n\
    <main>{{ page.body | safe }}</main>\n{% include \"footer.html\" %}{% include \"page-bit.html\" %}";
const MENU: &str = "<ul>{% for item in nav %}<li{% if item.current %} class=\"here\"{% endif %}>\
    <a href=\"{{ root }}{{ item.href }}\">{{ item.title }}</a></li>{% endfor %}</ul>\n";
const FOOTER: &str =
    "<footer>{{ site.name }} &middot; {{ t.note }}{% include \"deep.html\" %}</footer>\n";
const DEEP: &str = "<small>{{ t.small }} {{ count }}</small>";
const PAGE_BIT: &str = "<p>{{ page.title }} again</p>";

fn site_templates() -> Vec<(&'static str, &'static str)> {
    vec![
        ("base.html", BASE),
        ("menu.html", MENU),
        ("footer.html", FOOTER),
        ("deep.html", DEEP),
        ("page-bit.html", PAGE_BIT),
    ]
}

fn nav(current: usize) -> Value {
    let items: Vec<_> = (0..4)
        .map(|i| {
            serde_json::json!({"href": format!("s{i}/"), "title": format!("Section <{i}>"),
                "current": i == current})
        })
        .collect();
    Value::from_serializable(&items)
}

#[test]
fn includes_of_partials_that_do_not_name_page_become_calls() {
    let (_, _, rewritten) = both(&site_templates());
    let base = text_of(&rewritten, "base.html");
    assert!(base.contains("{{- __sitegen_include_0() -}}"), "{base}");
    assert!(base.contains("{{ __sitegen_include_1() }}"), "{base}");
    assert!(base.contains("{% include \"page-bit.html\" %}"), "{base}");
    // A partial's own includes too: they are remembered when the partial is not.
    assert!(text_of(&rewritten, "footer.html").contains("{{ __sitegen_include_2() }}"));
}

#[test]
fn pages_get_what_the_includes_as_written_give() {
    let (original, fast, _) = both(&site_templates());
    let site = Value::from_serializable(&serde_json::json!({"name": "Clinic & Co"}));
    let strings = Value::from_serializable(&serde_json::json!({"note": "<b>hi</b>", "small": "s"}));
    let menus: Vec<Vec<Value>> = ["", "../", "../../"]
        .iter()
        .map(|_| (0..4).map(nav).collect())
        .collect();
    for page in 0..300 {
        let depth = page % 3;
        let mut ctx = Context::new();
        ctx.insert_value("site", site.clone());
        ctx.insert_value("t", strings.clone());
        // Shared menus (one value per depth and section), and now and then a new one of the
        // same content, which must give the same output.
        let menu = if page % 7 == 0 {
            nav(page % 4)
        } else {
            menus[depth][page % 4].clone()
        };
        ctx.insert_value("nav", menu);
        ctx.insert("root", &["", "../", "../../"][depth]);
        // A number that changes now and then, as a string would.
        ctx.insert("count", &(page / 50));
        ctx.insert(
            "page",
            &serde_json::json!({"title": format!("Page {page}"), "body": "<p>x</p>"}),
        );
        let want = original.render("base.html", &ctx).unwrap();
        let got = fast.render("base.html", &ctx).unwrap();
        assert_eq!(got, want, "page {page}");
    }
}

#[test]
fn values_of_another_kind_or_safety_give_another_output() {
    let (original, fast, _) = both(&[
        (
            "a.html",
            "{% include \"p.html\" %}|{% include \"p.html\" %}",
        ),
        ("p.html", "[{{ v }}]"),
    ]);
    let values = [
        Value::from(1u64),
        Value::from(1.0f64),
        Value::from("1"),
        Value::from("<b>"),
        Value::safe_string("<b>"),
        Value::from(true),
        Value::none(),
    ];
    for v in values.iter().chain(values.iter().rev()) {
        let mut ctx = Context::new();
        ctx.insert_value("v", v.clone());
        assert_eq!(
            fast.render("a.html", &ctx).unwrap(),
            original.render("a.html", &ctx).unwrap(),
            "{v:?}"
        );
    }
}

#[test]
fn a_partial_sees_the_loop_and_set_variables_where_it_is_included() {
    let (original, fast, rewritten) = both(&[
        (
            "a.html",
            "{% set greeting = \"hi\" %}{% for x in xs %}{% include \"p.html\" %}{% endfor %}\
             {% set x = \"last\" %}{% include \"p.html\" %}",
        ),
        ("p.html", "<{{ greeting }} {{ x }}>"),
    ]);
    let a = text_of(&rewritten, "a.html");
    assert_eq!(a.matches("__sitegen_include_0()").count(), 2, "{a}");
    let mut ctx = Context::new();
    ctx.insert("xs", &["a", "b", "a", "c"]);
    assert_eq!(
        fast.render("a.html", &ctx).unwrap(),
        original.render("a.html", &ctx).unwrap()
    );
}

#[test]
fn a_partial_that_differs_on_every_page_is_still_right_after_it_is_given_up() {
    let (original, fast, _) = both(&[
        ("a.html", "{% include \"p.html\" %}"),
        ("p.html", "{{ counter }} {{ list | length }}"),
    ]);
    for page in 0..(3 * super::TRIAL_CALLS as usize) {
        let mut ctx = Context::new();
        ctx.insert("counter", &page);
        ctx.insert("list", &vec![0; page % 5]);
        assert_eq!(
            fast.render("a.html", &ctx).unwrap(),
            original.render("a.html", &ctx).unwrap()
        );
    }
}

#[test]
fn whitespace_control_comments_and_raw_blocks_are_kept() {
    let text = "a {%- include 'p.html' %} b {% include \"p.html\" -%} c {# {% include \"p.html\" %} #}\
                {% raw %}{% include \"p.html\" %}{% endraw %} {{ \"%}\" }} {% include \"q.html\" %}";
    let out = rewrite_includes(text, |name| (name == "p.html").then(|| "f".to_string()));
    assert_eq!(
        out,
        "a {{- f() }} b {{ f() -}} c {# {% include \"p.html\" %} #}\
         {% raw %}{% include \"p.html\" %}{% endraw %} {{ \"%}\" }} {% include \"q.html\" %}"
    );
}

#[test]
fn partials_calling_functions_are_left_as_includes() {
    let (_, _, rewritten) = both(&[
        ("a.html", "{% include \"p.html\" %}{% include \"q.html\" %}"),
        ("p.html", "{{ range(end=2) | length }}"),
        ("q.html", "{{ name | default(value=\"x\") }}"),
    ]);
    let a = text_of(&rewritten, "a.html");
    assert!(a.starts_with("{% include \"p.html\" %}"), "{a}");
    assert!(a.ends_with("{{ __sitegen_include_0() }}"), "{a}");
}

#[test]
fn templates_that_escape_differently_are_left_as_written() {
    let (_, _, rewritten) = both(&[("a.html", "{% include \"p.txt\" %}"), ("p.txt", "{{ v }}")]);
    assert_eq!(text_of(&rewritten, "a.html"), "{% include \"p.txt\" %}");
}

#[test]
fn no_templates_at_all_is_no_rewriting() {
    let (_, _, rewritten) = both(&[]);
    assert!(rewritten.is_empty());
}
