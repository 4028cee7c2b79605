//! The graph written from [`SiteGraph`] is the graph written field by field before, byte for
//! byte, on every page of the clinic site and on made-up pages and settings.

use std::path::Path;
use std::sync::LazyLock;

use proptest::prelude::*;

use super::{before, escape_for_script, for_not_found, for_page, SiteGraph};
use crate::config::ClinicValue;
use crate::model::{Site, Table};
use crate::render::context::{
    ContextBuilder, LinkContext, PageContext, QuestionContext, ReviewContext, SharedValue,
};
use crate::render::Languages;
use crate::urls::LinkStyle;

/// The clinic site of this repository in its default language, loaded once from the layers
/// below rendering: its settings, its pages, the model. (Read as a one-language site, its
/// Spanish files are reported as a language site.toml does not list; their pages are not
/// in this model, which is all the test needs.)
static CLINIC: LazyLock<Site> = LazyLock::new(|| {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = crate::config::Config::load_with(root, None).expect("site.toml loads");
    let values = crate::content::ClinicValues::new(&config.clinic);
    let content = crate::content::load(root, false, Some(&values));
    let (site, _translations_not_listed) = Site::assemble(root, config, content, None);
    assert!(site.pages.len() >= 20, "the clinic site has its pages");
    site
});

/// `site` with the settings the graph reads set to `texts` (the clinic's fields left empty
/// where a text is empty) and `sample`.
fn with_settings(site: &Site, texts: &[String; 6], sample: bool) -> Site {
    let mut site = site.clone();
    let config = &mut site.config;
    config.base_url = texts[0].clone();
    config.language = texts[1].clone();
    config.about = texts[2].clone();
    config.sample = sample;
    let like = config.clinic.name.clone();
    let value = |text: &str| ClinicValue {
        text: text.to_string(),
        ..like.clone()
    };
    config.clinic.name = value(&texts[3]);
    config.clinic.phone = value(&texts[4]);
    config.clinic.email = value(&texts[5]);
    config.clinic.address = value(&texts[5..].concat());
    site
}

#[test]
fn every_page_of_the_clinic_site_gets_the_graph_written_before() {
    let settings = [
        [
            "https://example.org/clinic/",
            "en",
            "Ketamine therapy",
            "A \"clinic\"",
            "+1 555",
            "",
        ],
        [
            "https://x.test/<a>&/",
            "es",
            "",
            "B & C </script>",
            "",
            "a@b.test",
        ],
    ];
    for (texts, sample) in settings.iter().zip([false, true]) {
        let texts = texts.map(String::from);
        let site = with_settings(&CLINIC, &texts, sample);
        let languages = Languages::new(vec![&site]);
        let rendered = Table::default();
        let builder = ContextBuilder::new(&site, &rendered, LinkStyle::Relative, &languages, 0);
        let graph = SiteGraph::of(&site);
        assert!(site.pages.len() > 10, "the clinic site has its pages");
        for index in site.pages.ids() {
            let linker = crate::urls::Linker::new(&site.pages[index].path, LinkStyle::Relative);
            let page = builder.page(index, &linker);
            assert_eq!(for_page(&graph, &page), before::for_page(&site, &page));
        }
        assert_eq!(for_not_found(&graph), before::for_not_found(&site));
    }
}

/// Made-up text, with what JSON and `<script>` escape and what they do not.
fn text() -> impl Strategy<Value = String> {
    "[a-z \"\\\\<>&/#{}é\u{1}\u{2028}]{0,12}"
}

proptest! {
    #[test]
    fn made_up_pages_get_the_graph_written_before(
        settings in proptest::array::uniform6(text()),
        sample in any::<bool>(),
        page_texts in proptest::array::uniform4(text()),
        reviewed in proptest::option::of(text()),
        reviewed_by in proptest::option::of(text()),
        crumbs in proptest::collection::vec((text(), text()), 0..4),
        questions in proptest::collection::vec(proptest::array::uniform3(text()), 0..3),
    ) {
        let site = with_settings(&CLINIC, &settings, sample);
        let graph = SiteGraph::of(&site);
        let no_extra = toml::Table::new();
        let page = PageContext {
            breadcrumbs: crumbs
                .iter()
                .map(|(title, path)| SharedValue::plain(LinkContext {
                    title,
                    page_path: path,
                    ..link()
                }))
                .collect(),
            questions: questions
                .iter()
                .map(|[id, question, answer]| QuestionContext {
                    id,
                    question,
                    answer_text: answer,
                    ..question_context()
                })
                .collect(),
            review: SharedValue::plain(ReviewContext {
                last_reviewed_iso: reviewed.clone(),
                reviewed_by: reviewed_by.clone(),
                ..Default::default()
            }),
            ..page_context(&page_texts, &no_extra)
        };
        prop_assert_eq!(for_page(&graph, &page), before::for_page(&site, &page));
        prop_assert_eq!(for_not_found(&graph), before::for_not_found(&site));
    }
}

fn link() -> LinkContext<'static> {
    LinkContext {
        title: "",
        href: String::new(),
        path: None,
        page_path: "",
        current: false,
        description: "",
        nav_title: "",
        rel: "",
        reading_minutes: 1,
    }
}

fn question_context() -> QuestionContext<'static> {
    QuestionContext {
        id: "",
        question: "",
        answer_html: None,
        answer_text: "",
        answer_text_shown: None,
        first_sentence: "",
        href: String::new(),
        page_title: None,
        page_href: None,
        related: None,
    }
}

/// A page with title, description, permalink and path from `texts`, and nothing else.
fn page_context<'a>(texts: &'a [String; 4], extra: &'a toml::Table) -> PageContext<'a> {
    PageContext {
        title: &texts[0],
        description: &texts[1],
        content: String::new(),
        path: Some(&texts[3]),
        permalink: texts[2].clone(),
        permalink_shown: None,
        is_home: false,
        is_section: None,
        toc: vec![],
        questions: vec![],
        related_pages: vec![],
        related_questions: vec![],
        backlinks: vec![],
        breadcrumbs: vec![],
        prev: None,
        next: None,
        children: vec![],
        section: None,
        review: Default::default(),
        sources: vec![],
        tags: None,
        mental_health: false,
        word_count: 0,
        reading_minutes: 0,
        extra,
    }
}

#[test]
fn script_end_tags_cannot_break_out() {
    let raw = serde_json::json!({"text": "a </script><script>alert(1)</script> & b"}).to_string();
    let safe = escape_for_script(&raw);
    assert!(!safe.contains("</script"));
    let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
    assert_eq!(back["text"], "a </script><script>alert(1)</script> & b");
}
