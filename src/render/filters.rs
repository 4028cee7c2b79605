//! Filters the theme's templates can use beyond Tera's own.

use tera::{Kwargs, State, Tera};

/// Registers sitegen's filters on a Tera instance.
pub(crate) fn register(tera: &mut Tera) {
    tera.register_filter("phone_href", phone_href);
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
}
