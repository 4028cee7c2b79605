//! Search, as the files hold it and as a patient meets it: the index a build writes (a
//! manifest and shards) holds exactly the whole index; the theme's engine, run in node as the
//! browser runs it, stems as the index did, gives from the shards exactly what the whole index
//! gives, puts the right answer first for patients' questions, forgives a typo, completes a
//! half-typed word, and loads only the few files a query needs. Spanish: tests/search_spanish.rs.

mod publish_support;
mod search_support;

use std::path::Path;

use publish_support::{build, fixture, read};
use search_support::{
    clinic_build, content_words, generated_site, have_node, node, paths, repo, search,
    stems_differing, wrong_answers,
};
use sitegen::render::search::{decode, Record, Single, StemLanguage};

/// The search index of the site built in `out`, read back from its manifest and shards.
fn index_of(out: &Path) -> Single {
    sitegen::render::search::read(out).expect("the search files read back")
}

/// The whole index of the site at `root`, in one piece, as sitegen makes it.
fn whole_index(root: &Path) -> Single {
    let inputs = sitegen::pipeline::load(root, &Default::default()).expect("the site loads");
    sitegen::render::search::single(&inputs.site)
}

#[test]
fn the_search_files_hold_the_whole_index_and_nothing_else() {
    let clinic = clinic_build();
    let out = clinic.path().join("site");
    assert_eq!(index_of(&out), whole_index(repo()));
    let manifest = read(out.join("search-index.js"));
    assert!(
        manifest.contains(r#""hub":["Questions and answers","faq/"]"#),
        "{manifest}"
    );
    assert!(
        manifest.contains(r#""phone":"+1 (555) 010-0199""#),
        "{manifest}"
    );

    let site = generated_site(400);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert_eq!(index_of(&out), whole_index(site.path()));
    let shards = std::fs::read_dir(out.join("search"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    let count = |kind: char| shards.iter().filter(|n| n.starts_with(kind)).count();
    assert!(count('t') >= 3, "several term shards: {shards:?}");
    assert!(count('p') >= 10, "common words' postings apart: {shards:?}");
    let docs = 1 + 400 * 4;
    let block = sitegen::render::search::block_size(docs);
    assert!(block > 1);
    assert_eq!(count('d'), docs.div_ceil(block));
}

#[test]
fn the_search_index_holds_pages_and_questions_with_stems() {
    let site = fixture("publish_basic");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let index = index_of(&out);
    let find = |path: &str| {
        (0..index.docs.len())
            .find(|&d| index.path(d) == path)
            .unwrap_or_else(|| panic!("no document at {path}"))
    };
    let question = find("side-effects/#can-i-drive-home-afterwards");
    assert_eq!(index.title(question), "Can I drive home afterwards?");
    let Record::Question(_, _, page_title, answer) = &index.docs[question] else {
        panic!("not a question: {:?}", index.docs[question]);
    };
    assert_eq!(page_title, "Side effects");
    assert!(answer.contains("driving"), "{answer}");
    let page = find("side-effects/");
    assert_eq!(
        index.docs[page],
        Record::Page(
            "Side effects".into(),
            "side-effects/".into(),
            "Common side effects and how long they last.".into()
        )
    );
    assert!(question < index.questions && page >= index.questions);

    let docs_of = |stem: &str| -> Vec<(usize, u8)> {
        decode(
            index
                .terms
                .get(stem)
                .unwrap_or_else(|| panic!("no term `{stem}`")),
        )
    };
    // "drive" (question) and "driving" (answer) share one stem; the question is a title match.
    assert!(docs_of("drive").contains(&(question, 1)));
    assert!(!index.terms.contains_key("driving"));
    // "side effects" is stored as "effect", found on the page by its title.
    assert!(docs_of("effect")
        .iter()
        .any(|&(doc, fields)| doc == page && fields & 1 == 1));
    assert!(!index.terms.contains_key("effects"));
    // Answer text belongs to its question only, not again to the page.
    let bring = find("guides/first-visit/#what-should-i-bring");
    assert_eq!(docs_of("jumper"), vec![(bring, 0)]);
    // Stop words are not indexed.
    assert!(!index.terms.contains_key("the"));
}

#[test]
fn the_browser_stems_queries_exactly_as_the_index_was_stemmed() {
    if !have_node() {
        return;
    }
    // Words that exercise every step and exception of the algorithm.
    let words = content_words(
        StemLanguage::English,
        false,
        "caresses ponies ties cries gaps gas kiwis agreed feed hopping hoping filing \
         sized bled luxuriating skies dying news only gently generously communism arsenal \
         sensational conditional rational valenci hesitanci digitizer conformabli radicalli \
         differentli vileli analogousli vietnamization predication operator feudalism \
         decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate \
         formative formalize electriciti electrical hopeful goodness revival allowance \
         inference airliner gyroscopic adjustable defensible irritant replacement \
         adjustment dependent adoption homologou communism activate angulariti homologous \
         effective bowdlerize probate rate cease controll roll yelling saying \
         youth crying by say enjoying inning proceeding exceedingly early café naïve",
    );
    assert!(words.len() > 500, "vocabulary of {} words", words.len());
    let differing = stems_differing(StemLanguage::English, &words);
    assert!(differing.is_empty(), "{differing:#?}");

    let text =
        "Can I drive? It's the side-effects\u{2019} job, 988. ¿Qué efectos tiene la ketamina?";
    for language in [StemLanguage::English, StemLanguage::Spanish] {
        let js_words: Vec<String> = serde_json::from_str(&node(&format!(
            "const s = require('./themes/clinic/static/search-language.js');\
             process.stdout.write(JSON.stringify(s.words({}, s.language('{}'))));",
            serde_json::to_string(text).unwrap(),
            language.code()
        )))
        .unwrap();
        let rust_words: Vec<String> = language.words(text).collect();
        assert_eq!(js_words, rust_words, "{language:?}");
    }
}

#[test]
fn the_search_finds_questions_by_any_word_form() {
    if !have_node() {
        return;
    }
    let dir = clinic_build();
    let queries = [
        "driving",
        "drive",
        "Can I drive home?",
        "DRIVES",
        "side effect",
        "side effects",
        "side eff",
        "xylophone",
        "the",
    ];
    let found = search(&dir.path().join("site"), &queries, None).sharded;
    for (q, found) in queries.iter().zip(&found).take(4) {
        assert_eq!(
            paths(found).first().copied(),
            Some("what-to-expect/#can-i-drive-home-afterwards"),
            "{q}: {found:?}"
        );
    }
    for (q, found) in queries.iter().zip(&found).skip(4).take(3) {
        let top = paths(found);
        assert!(
            top.iter().take(3).any(|p| *p == "side-effects/"
                || *p == "side-effects/#what-side-effects-are-most-common"),
            "{q}: {top:?}"
        );
    }
    assert!(found[7].docs.is_empty());
    assert!(found[8].docs.is_empty());
}

/// Queries that exercise every way a word can match: exact stems, completions of the last
/// word, typos, several words, words in many documents and in few, numbers, accents,
/// full-width letters, stop words and words that are nowhere.
const COMPARED_QUERIES: &[&str] = &[
    "patient",
    "blood pressure check",
    "calm rest nurse",
    "side effect sleep",
    "driving home",
    "drive",
    "dri",
    "blood pre",
    "blood pressure ch",
    "blood pressure c",
    "pressur",
    "page 17",
    "question 2 about page 123",
    "123",
    "12",
    "1",
    "generated",
    "sesion",
    "sessoin",
    "docter plan",
    "nurse musik",
    "xession",
    "café",
    "cafe",
    "naïve",
    "ｚｅｎ",
    "ｚｅ",
    "the",
    "",
    "   ",
    "xylophone",
    "constructor",
    "__proto__",
    "hasOwnProperty",
    "patient xylophone",
    "can I drive",
    "pregnant",
    "preg",
    "ketamin",
    "nausia",
    "side effects",
    "spravato",
    "insurance",
    "what should I bring",
];

/// Queries in Spanish, compared on the Spanish index likewise.
const SPANISH_QUERIES: &[&str] = &[
    "efectos secundarios",
    "efecto secundario graves",
    "efec",
    "náuseas",
    "nauseas",
    "nausia",
    "presión arterial",
    "presion art",
    "autorización",
    "autorizacion",
    "autoriza",
    "embarazada",
    "embarasada",
    "¿Puedo manejar?",
    "cuánto cuesta",
    "sesión de prueba",
    "que",
    "dependencia",
    "psicosis",
    "vejiga",
    "ñandú",
    "pingüino",
    "",
];

#[test]
fn searching_the_shards_gives_what_the_whole_index_gives() {
    if !have_node() {
        return;
    }
    let generated = generated_site(400);
    let out = generated.path().join("public");
    build(generated.path(), &out, &[]);
    let clinic = clinic_build();
    let inputs = sitegen::pipeline::load(repo(), &Default::default()).expect("the site loads");
    let spanish = sitegen::render::search::single(&inputs.translations[0]);
    for (whole, out, queries) in [
        (whole_index(generated.path()), out, COMPARED_QUERIES),
        (
            whole_index(repo()),
            clinic.path().join("site"),
            COMPARED_QUERIES,
        ),
        (spanish, clinic.path().join("site/es"), SPANISH_QUERIES),
    ] {
        let searched = search(&out, queries, Some(&whole));
        assert_eq!(searched.sharded.len(), queries.len());
        let mut found_something = 0;
        for ((query, sharded), whole) in queries.iter().zip(&searched.sharded).zip(&searched.whole)
        {
            assert_eq!(sharded, whole, "{query:?} on {}", out.display());
            found_something += usize::from(!sharded.docs.is_empty());
        }
        assert!(
            found_something >= 15,
            "{found_something} queries found anything"
        );
    }
}

#[test]
fn patients_find_the_answer_first() {
    if !have_node() {
        return;
    }
    // A patient's words, and the answer the clinic's pages give.
    let expected = [
        ("can I drive", "what-to-expect/#can-i-drive-home-afterwards"),
        ("pregnant", "safety/#can-i-have-ketamine-if-i-am-pregnant-or-breastfeeding"),
        ("breastfeeding", "safety/#can-i-have-ketamine-if-i-am-pregnant-or-breastfeeding"),
        ("is ketamine addictive", "safety/dependence-and-long-term-use/#is-ketamine-addictive"),
        ("blood pressure", "side-effects/#can-ketamine-raise-my-blood-pressure"),
        ("bladder problems", "safety/dependence-and-long-term-use/#can-ketamine-affect-my-bladder"),
        ("how much does it cost", "what-to-expect/cost-and-insurance/#how-much-does-a-session-cost-here"),
        ("does insurance pay for esketamine", "what-to-expect/cost-and-insurance/#does-insurance-pay-for-esketamine"),
        ("prior authorization", "what-to-expect/cost-and-insurance/#what-is-prior-authorization"),
        ("do I need a referral", "what-to-expect/how-to-start/#do-i-need-a-referral"),
        ("what should I wear", "what-to-expect/preparing-for-your-visit/#what-should-i-wear-and-bring"),
        ("eat before my session", "what-to-expect/preparing-for-your-visit/#what-can-i-eat-or-drink-before-my-session"),
        ("taxi home", "what-to-expect/preparing-for-your-visit/#is-a-taxi-or-rideshare-enough-to-get-home"),
        ("consent form", "what-to-expect/preparing-for-your-visit/#what-am-i-agreeing-to-when-i-sign-the-consent-form"),
        ("ptsd", "who-it-can-help/#can-ketamine-help-with-ptsd"),
        ("anxiety", "who-it-can-help/#can-ketamine-help-with-anxiety"),
        ("chronic pain", "who-it-can-help/#can-ketamine-help-with-chronic-pain"),
        ("tms or ect", "who-it-can-help/if-treatment-does-not-help/#what-is-the-difference-between-tms-and-ect"),
        ("difference between ketamine and spravato", "how-it-works/#what-is-the-difference-between-ketamine-and-spravato"),
        ("is it fda approved", "how-it-works/#is-ketamine-therapy-approved-by-the-fda"),
        ("can I use my phone", "what-to-expect/day-of-your-session/#can-i-use-my-phone-during-treatment"),
        ("back to work", "what-to-expect/day-of-your-session/#can-i-go-back-to-work-the-same-day"),
        ("how many sessions", "what-to-expect/how-many-sessions/#how-many-sessions-will-i-need"),
        ("does ketamine get you high", "effects/#does-ketamine-therapy-get-you-high"),
        ("will I be awake", "effects/#will-i-be-awake-during-a-session"),
        ("age limit", "safety/medicines-alcohol-and-age/#is-there-an-age-limit-for-ketamine-therapy"),
        ("keep taking my antidepressant", "how-it-works/esketamine/#do-i-keep-taking-my-antidepressant-pills"),
        ("report a mistake", "about/how-we-write/#how-do-i-report-a-mistake"),
        ("crisis", "about/#what-should-i-do-in-a-crisis"),
        ("call at night or weekend", "about/#how-do-i-reach-you-at-night-or-at-a-weekend"),
        ("cannot afford treatment", "what-to-expect/cost-and-insurance/#what-if-i-cannot-afford-treatment"),
        ("why stay two hours", "how-it-works/esketamine/#why-do-i-have-to-stay-for-two-hours"),
        ("at-home ketamine", "safety/dependence-and-long-term-use/#is-at-home-ketamine-safe"),
        ("trial session", "what-to-expect/how-many-sessions/#what-is-a-trial-session"),
        ("hallucinations", "side-effects/#what-side-effects-are-most-common"),
    ];
    let queries: Vec<&str> = expected.iter().map(|(q, _)| *q).collect();
    let dir = clinic_build();
    let found = search(&dir.path().join("site"), &queries, None).sharded;
    let wrong = wrong_answers(&expected, &found);
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(expected.len() >= 22);
}

#[test]
fn one_typo_is_forgiven_in_words_of_five_letters_or_more() {
    if !have_node() {
        return;
    }
    let dir = clinic_build();
    // (typed, meant): one letter wrong, missing, extra or swapped, after the first.
    let pairs = [
        ("nausia", "nausea"),
        ("pregnent", "pregnant"),
        ("insurence", "insurance"),
        ("sesion", "session"),
        ("blodd pressure", "blood pressure"),
        ("bladdre", "bladder"),
    ];
    let mut queries: Vec<&str> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
    // Too short for a typo, or wrong in the first letter: nothing.
    queries.extend(["drve", "mausea"]);
    let found = search(&dir.path().join("site"), &queries, None).sharded;
    for (i, (typed, meant)) in pairs.iter().enumerate() {
        let (typo, right) = (&found[2 * i], &found[2 * i + 1]);
        assert!(!right.docs.is_empty(), "{meant} finds nothing");
        assert_eq!(
            typo.docs, right.docs,
            "{typed} should find what {meant} finds"
        );
    }
    assert!(
        found[found.len() - 2].docs.is_empty(),
        "drve: {:?}",
        found[found.len() - 2]
    );
    assert!(
        found[found.len() - 1].docs.is_empty(),
        "mausea: {:?}",
        found[found.len() - 1]
    );
    // A word found as typed is never "corrected": "ketamin" is the stem of ketamine.
    let ketamin = search(&dir.path().join("site"), &["ketamin", "ketamine"], None).sharded;
    assert_eq!(ketamin[0].docs, ketamin[1].docs);
    assert_eq!(ketamin[0].stems, ["ketamin"]);
}

#[test]
fn a_half_typed_last_word_is_completed_as_you_type() {
    if !have_node() {
        return;
    }
    let dir = clinic_build();
    let queries = [
        "preg",
        "pregnant",
        "side ef",
        "side",
        "blood pres",
        "blood pressure",
    ];
    let found = search(&dir.path().join("site"), &queries, None).sharded;
    let pregnancy = "safety/#can-i-have-ketamine-if-i-am-pregnant-or-breastfeeding";
    assert_eq!(paths(&found[0]).first(), Some(&pregnancy));
    assert!(
        found[0].stems.contains(&"pregnant".to_string()),
        "{:?}",
        found[0].stems
    );
    // Two letters of a new word that complete nothing yet leave the results of the others.
    assert_eq!(found[2].docs, found[3].docs);
    assert_eq!(paths(&found[4]).first(), paths(&found[5]).first());
}

#[test]
fn a_query_loads_only_the_files_it_needs() {
    if !have_node() {
        return;
    }
    let site = generated_site(400);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let files = std::fs::read_dir(out.join("search")).unwrap().count();
    let searched = search(&out, &["blood pressure check"], None);
    let loaded = &searched.loaded;
    assert_eq!(loaded[0], "index");
    let terms = loaded.iter().filter(|n| n.starts_with('t')).count();
    let records = loaded.iter().filter(|n| n.starts_with('d')).count();
    assert!(terms <= 3, "{loaded:?}");
    assert!(records <= 10, "{loaded:?}");
    assert!(
        loaded.len() * 4 < files,
        "{} of {files} files: {loaded:?}",
        loaded.len()
    );

    // The clinic site: what a search loads (engine, results, manifest and shards) is no more
    // than the engine and the whole index it loaded before it was sharded (37,612 bytes).
    let clinic = clinic_build();
    let out = clinic.path().join("site");
    for query in [
        "can I drive home",
        "side effects",
        "blood pressure medicine",
    ] {
        let searched = search(&out, &[query], None);
        let mut bytes = [
            "search-language.js",
            "search-stem-en.js",
            "search-engine.js",
            "search-ui.js",
            "search-index.js",
        ]
        .iter()
        .map(|f| read(out.join(f)).len())
        .sum::<usize>();
        for name in searched.loaded.iter().filter(|n| *n != "index") {
            bytes += read(out.join("search").join(format!("{name}.js"))).len();
        }
        assert!(
            bytes < 37_612,
            "{query}: {bytes} bytes ({:?})",
            searched.loaded
        );
    }
}
