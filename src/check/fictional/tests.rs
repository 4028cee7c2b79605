//! What [`super::find`] finds in the site's own values and in made-up texts, and that it finds
//! exactly what [`super::reference`] finds.

use super::*;

fn reasons(text: &str) -> Vec<String> {
    find(text).into_iter().map(|f| f.why).collect()
}

fn found(text: &str) -> Vec<&str> {
    find(text).into_iter().map(|f| &text[f.range]).collect()
}

/// The values of this repository's own site.toml, as the clinic left them.
fn site_toml_values() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/site.toml"))
        .expect("site.toml");
    let config = crate::config::Config::parse(&text).expect("site.toml loads");
    let mut values: Vec<(String, String)> = config
        .clinic
        .named_values()
        .into_iter()
        .map(|(name, v)| (name, v.text.clone()))
        .collect();
    for language in &config.languages {
        let translated = config.in_language(language);
        values.extend(
            translated
                .clinic
                .named_values()
                .into_iter()
                .map(|(name, v)| (format!("{}:{name}", language.code), v.text.clone())),
        );
    }
    values
}

#[test]
fn finds_what_cannot_be_real_in_the_sites_own_values() {
    let values = site_toml_values();
    let flagged: Vec<(&str, Vec<String>)> = values
        .iter()
        .map(|(name, text)| (name.as_str(), reasons(text)))
        .filter(|(_, r)| !r.is_empty())
        .collect();
    let of = |name: &str| -> Vec<String> {
        flagged
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, r)| r.clone())
            .unwrap_or_default()
    };
    let phone = of("clinic.phone").join(" | ");
    assert!(phone.contains("area code 555 is not in service"), "{phone}");
    assert!(phone.contains("no US exchange starts with 0"), "{phone}");
    assert!(of("clinic.after_hours_phone")[0].contains("area code 555"));
    assert!(of("clinic.email")[0].contains("example-clinic.org is an example domain"));
    let address = of("clinic.address").join(" | ");
    assert!(address.contains("\"Placeholder\""), "{address}");
    assert!(address.contains("ZIP code 00000"), "{address}");
    assert!(of("clinic.reviewer")[0].contains("Placeholder"));
    assert!(of("es:clinic.reviewer")[0].contains("Placeholder"));
    // And nothing else: the practice values are unconfirmed, not impossible.
    let others: Vec<&str> = flagged
        .iter()
        .map(|(n, _)| *n)
        .filter(|n| !n.ends_with("phone") && !n.ends_with("email"))
        .filter(|n| !n.ends_with("address") && !n.ends_with("reviewer"))
        .collect();
    assert!(others.is_empty(), "{others:?}");
}

#[test]
fn number_starts_are_found_on_either_side_of_a_block_boundary() {
    for before in 0..140 {
        for start in ["5", "+", "("] {
            let text = format!("{}{start}{}", "a".repeat(before), "b".repeat(40));
            let bytes = text.as_bytes();
            assert_eq!(
                numbers::next_number_start(bytes, 0),
                Some(before),
                "{text:?}"
            );
            assert_eq!(
                numbers::next_number_start(bytes, before + 1),
                None,
                "{text:?}"
            );
        }
    }
    // A number after a long stretch of prose is still found in full.
    let text = format!("{} call 555-555-0142 today", "word ".repeat(20));
    assert_eq!(found(&text), ["555-555-0142"]);
}

#[test]
fn phone_numbers_that_cannot_be_dialled_or_are_kept_for_fiction() {
    assert_eq!(found("Call +1 (555) 010-0199 now"), ["+1 (555) 010-0199"]);
    assert_eq!(found("Call 555-0123."), ["555-0123"]);
    assert!(reasons("(617) 555-0142")[0].contains("kept for fiction"));
    assert!(reasons("617-055-2368")[0].contains("exchange starts with 0"));
    assert!(reasons("(117) 255-2368")[0].contains("area code starts with 1"));
    assert!(reasons("+1 911 255 2368")[0].contains("service code"));
    assert!(reasons("212.555.0100")[0].contains("fiction"));
}

#[test]
fn real_looking_numbers_and_other_figures_are_left_alone() {
    for text in [
        "+1 (617) 555-2368",
        "617-555-0200",
        "call 988 or 911",
        "reviewed 2026-11-28",
        "$550 per IV session, 18 and over, 30 to 60 minutes",
        "ZIP 02115",
        "+44 20 7946 0000",
    ] {
        assert!(find(text).is_empty(), "{text}: {:?}", find(text));
    }
}

#[test]
fn reserved_and_made_up_domains_in_addresses() {
    assert_eq!(
        found("write to care@example-clinic.org."),
        ["example-clinic.org"]
    );
    assert_eq!(found("<https://www.example.com/x>"), ["www.example.com"]);
    assert_eq!(
        found("see clinic.test and a.invalid"),
        ["clinic.test", "a.invalid"]
    );
    assert_eq!(found("http://dev.localhost:8080/"), ["dev.localhost"]);
    assert_eq!(found("mail me@clinic.example"), ["clinic.example"]);
    for text in [
        "for example, a nurse",
        "For example.",
        "counterexample.org",
        "care@harborlight.org",
        "https://www.fda.gov/drugs",
        "at 8 a.m. or {{ clinic.email }}",
        "examples of care",
    ] {
        assert!(find(text).is_empty(), "{text}: {:?}", find(text));
    }
}

#[test]
fn letters_that_change_length_when_lower_cased_do_not_move_what_is_found() {
    // `İ` grows by a byte lower-cased and the Kelvin sign shrinks by two: where they even
    // out, words are still found where they are written (this once failed).
    assert_eq!(
        found("\u{130}\u{130} Placeholder \u{212a} TBD"),
        ["Placeholder", "TBD"]
    );
    // Where lower-casing makes the text longer, words are matched as written.
    assert_eq!(found("\u{130} placeholder Placeholder"), ["Placeholder"]);
    assert_eq!(found("caf\u{e9}: PLACEHOLDER, tbd"), ["PLACEHOLDER", "tbd"]);
}

#[test]
fn filler_words_as_whole_words_and_todo_only_in_capitals() {
    assert_eq!(
        found("100 Placeholder Avenue, ST 00000"),
        ["Placeholder", "00000"]
    );
    assert_eq!(found("Lorem ipsum dolor"), ["Lorem ipsum"]);
    assert_eq!(found("Price: TBD. TODO: fill in"), ["TBD", "TODO"]);
    for text in [
        "Todo va bien. Lo hacemos todo.",
        "placeholders and TODOs",
        "Placeholderish",
        "100000 people",
        "ZIP 000001",
    ] {
        assert!(find(text).is_empty(), "{text}: {:?}", find(text));
    }
}

// ---------------------------------------------------------------- the same as the plain search

fn assert_same_as_reference(text: &str) {
    assert_eq!(find(text), reference::find(text), "{text:?}");
}

/// Every markdown file under `dir`, with its path.
fn markdown_under(dir: &std::path::Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|entry| entry.path().extension().is_some_and(|e| e == "md"))
        .map(|entry| {
            let text = std::fs::read_to_string(entry.path()).expect("a page of the site");
            (entry.path().display().to_string(), text)
        })
        .collect()
}

#[test]
fn finds_what_the_plain_search_finds_in_the_sites_own_pages_and_values() {
    let pages = markdown_under(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/content"
    )));
    assert!(pages.len() > 20, "{} pages", pages.len());
    let mut found = 0;
    for (path, text) in &pages {
        let expected = reference::find(text);
        assert_eq!(find(text), expected, "{path}");
        found += expected.len();
    }
    // site.toml as a whole, whose values the clinic has yet to fill in.
    let site_toml = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/site.toml"))
        .expect("site.toml");
    let expected = reference::find(&site_toml);
    assert_eq!(find(&site_toml), expected);
    found += expected.len();
    assert!(found > 5, "{found} values that cannot be real");
    for (_, value) in site_toml_values() {
        assert_same_as_reference(&value);
    }
}

#[test]
fn finds_what_the_plain_search_finds_next_to_other_letters_and_at_either_end() {
    for text in [
        "",
        "5",
        "+",
        "(",
        "555-0100",
        "555-0100 ",
        " 555-0100",
        "\u{e9}555-0100",
        "555-0100\u{e9}",
        "\u{130}555-0100 \u{212a}",
        "\u{663}555-0100",
        "555\u{a0}0100",
        "555\u{a0}\u{a0}0100\u{a0}",
        "(555)\u{2011}555\u{2013}0100",
        "\u{2013}555-555-0100\u{2011}",
        "555\u{2012}0100",
        "a(555) 555-0100",
        "a((555) 555-0100",
        "x+1 555 555 0100",
        "_555-0100",
        "p07913-555-0100",
        "12-555-0100",
        "5-5-5-0-1-0-0",
        "+1 (555) 010-0199 and 555.0123.",
        "00000",
        "_00000_",
        "a00000 00000a 000000 00000",
        "\u{e9}00000 00000\u{e9} \u{663}00000",
        "(00000) 555-00000",
        "ZIP 00000\u{a0}",
        "example.com",
        "x.example",
        ".example.",
        "-example.com-",
        "EXAMPLE.ORG and Example.Test",
        "a.b.example.net.",
        "1.test 2.invalid 3.localhost 4.5",
        "e.g. a.m. p.m.",
        "care@example-clinic.org.",
        "placeholder",
        "Placeholder.",
        "PLACEHOLDER\u{e9}",
        "\u{130} placeholder Placeholder PLACEHOLDER",
        "\u{212a} placeholder",
        "Lorem ipsum",
        "lorem ipsumx",
        "tbd TBD Tbd tBD",
        "TODO todo Todo TODO_ TODOS",
        "TO TOD T",
        "pla lor tb",
        "plaPlaceholder",
        "\u{e9}TBD\u{e9}",
    ] {
        assert_same_as_reference(text);
    }
}

mod same_as_reference {
    use super::*;
    use proptest::prelude::*;

    /// Texts made of pieces of what is looked for, and of what is next to it: digits, phone
    /// punctuation, letters that change length when lower-cased, dots and filler words.
    fn texts() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            "0",
            "1",
            "5",
            "9",
            "555",
            "0100",
            "00000",
            " ",
            "-",
            ".",
            "(",
            ")",
            "+",
            "_",
            "\u{a0}",
            "\u{2011}",
            "\u{2013}",
            "\u{e9}",
            "\u{130}",
            "\u{212a}",
            "\u{663}",
            "a",
            "Z",
            "@",
            "/",
            "\n",
            "example",
            "Example",
            ".test",
            ".COM",
            "invalid",
            "localhost",
            "Placeholder",
            "placeholder",
            "PLACE",
            "Lorem ipsum",
            "lorem",
            " ipsum",
            "TBD",
            "tbd",
            "TODO",
            "todo",
            "TOD",
        ]);
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4096))]
        #[test]
        fn finds_the_same_as_the_plain_search(text in texts()) {
            prop_assert_eq!(find(&text), reference::find(&text));
        }
    }
}
