//! Filters the theme's templates can use beyond Tera's own.

use tera::{Kwargs, State, Tera, Value};

/// Registers sitegen's filters on a Tera instance.
pub(crate) fn register(tera: &mut Tera) {
    tera.register_filter("phone_href", phone_href);
    tera.register_filter("safe", safe);
}

/// Tera's `safe`, without copying the text: a page's body and JSON-LD pass through it on
/// every page, and Tera's own makes a new string of them. The same output: a string marked
/// safe as it is, anything else written as text and marked safe.
fn safe(value: Value, _: Kwargs, _: &State) -> Value {
    if value.is_string() {
        value.mark_safe()
    } else {
        Value::safe_string(&value.to_string())
    }
}

/// `+1 (555) 010-0199` -> `tel:+15550100199`, for `<a href="{{ clinic.phone | phone_href }}">`.
fn phone_href(number: &str, _: Kwargs, _: &State) -> String {
    let digits: String = number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    format!("tel:{digits}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn phone_numbers_become_tel_links() {
        let mut tera = tera::Tera::new();
        super::register(&mut tera);
        let mut ctx = tera::Context::new();
        ctx.insert("p", "+1 (555) 010-0199");
        let out = tera
            .render_str("{{ p | phone_href }}", &ctx, false)
            .unwrap();
        assert_eq!(out, "tel:+15550100199");
    }

    #[test]
    fn safe_writes_text_unescaped_and_other_values_as_text() {
        let mut tera = tera::Tera::new();
        super::register(&mut tera);
        let mut ctx = tera::Context::new();
        ctx.insert("html", "<p>a &amp; b</p>");
        ctx.insert("n", &3);
        ctx.insert("list", &["<i>", "x"]);
        let out = tera
            .render_str(
                "{{ html | safe }} {{ html }} {{ n | safe }} {{ list | safe }} {{ html | safe | upper }}",
                &ctx,
                true,
            )
            .unwrap();
        let plain = tera::Tera::new();
        let expected = plain
            .render_str(
                "{{ html | safe }} {{ html }} {{ n | safe }} {{ list | safe }} {{ html | safe | upper }}",
                &ctx,
                true,
            )
            .unwrap();
        assert_eq!(out, expected);
        assert!(out.starts_with("<p>a &amp; b</p> &lt;p&gt;"), "{out}");
    }
}
