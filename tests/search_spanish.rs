//! Search in Spanish, as a Spanish-speaking patient meets it on the clinic's Spanish pages:
//! its own index under es/ in its own words, Spanish stems computed alike in Rust and in the
//! browser, the right answer first, and accents optional.

mod publish_support;
mod search_support;

use publish_support::read;
use search_support::{
    clinic_build, content_words, have_node, repo, search, stems_differing, wrong_answers,
};
use sitegen::render::search::{Single, StemLanguage};

/// The search index of the site built in `out`, read back from its manifest and shards.
fn index_of(out: &std::path::Path) -> Single {
    sitegen::render::search::read(out).expect("the search files read back")
}

#[test]
fn each_language_has_its_own_search_under_its_root_in_its_own_words() {
    let clinic = clinic_build();
    let out = clinic.path().join("site");
    let inputs = sitegen::pipeline::load(repo(), &Default::default()).expect("the site loads");
    let spanish = &inputs.translations[0];
    assert_eq!(spanish.config.language, "es");
    assert_eq!(
        index_of(&out.join("es")),
        sitegen::render::search::single(spanish)
    );
    let index = index_of(&out.join("es"));
    assert!((0..index.docs.len()).all(|d| index.path(d).starts_with("es/")));
    let manifest = read(out.join("es/search-index.js"));
    for said in [
        r#""lang":"es""#,
        r#""hub":["Preguntas y respuestas","es/faq/"]"#,
        r#""phone":"+1 (555) 010-0199""#,
        r#""no_results":"No hay resultados para «{query}».""#,
        r#""results":"{n} resultados""#,
        r#""all_questions":"Ver todas las preguntas""#,
    ] {
        assert!(manifest.contains(said), "{said} not in {manifest}");
    }
    let english = read(out.join("search-index.js"));
    assert!(
        english.contains(r#""no_results":"No results for “{query}”.""#)
            && english.contains(r#""lang":"en""#),
        "{english}"
    );
}

#[test]
fn the_browser_stems_spanish_exactly_as_the_spanish_index_was_stemmed() {
    if !have_node() {
        return;
    }
    // Every word of the Spanish pages, and words that exercise every step of the algorithm:
    // pronouns after verbs, standard suffixes and what precedes them, y- and other verb
    // endings (with "gu"), residual vowels, accents in and out of the regions.
    let words = content_words(
        StemLanguage::Spanish,
        true,
        "diciéndole haciéndolo tomarla dárselo comérselas escribirnos huyéndole oyéndola \
         cantándoles ponerse sentirse construyendoles esperanza confianzas políticos química \
         realismo amable posibles invisible artista nerviosos tratamiento sufrimientos \
         trabajadora indicadores medicación aplicaciones importante calmantes ganancia \
         tolerancias biología psicologías solución constituciones dependencia paciencias \
         rápidamente lentamente activamente notablemente claramente felizmente posiblemente \
         actividad posibilidades especificidad positividad informativo relativas \
         detallamos comunicativa huyeron construya oyen arguyó lleguen pague averigüe siguen \
         distinguen cantaríamos comeríais viviréis tomábamos habláramos dijéramos fuésemos \
         comiésemos bebías cansado perdidos llamaste partisteis corrías dormís amáis \
         niños años pingüino acción náuseas náusea psicosis dependencias efectos secundarios \
         aéreo oído guión ahí país baúl a e o ya yo u",
    );
    assert!(words.len() > 500, "vocabulary of {} words", words.len());
    let differing = stems_differing(StemLanguage::Spanish, &words);
    assert!(
        differing.is_empty(),
        "{} of {}: {differing:#?}",
        differing.len(),
        words.len()
    );
    eprintln!("{} Spanish words stem alike", words.len());
}

#[test]
fn spanish_speaking_patients_find_the_answer_first() {
    if !have_node() {
        return;
    }
    // A patient's words in Spanish, with and without accents, and the answer the Spanish
    // pages give (content/**/*.es.md).
    let expected = [
        ("efectos secundarios", "es/side-effects/#what-side-effects-are-most-common"),
        ("efecto secundario", "es/side-effects/#what-side-effects-are-most-common"),
        ("efectos secundarios graves", "es/side-effects/#what-are-the-serious-side-effects"),
        ("puedo manejar", "es/what-to-expect/#can-i-drive-home-afterwards"),
        ("embarazada", "es/safety/#can-i-have-ketamine-if-i-am-pregnant-or-breastfeeding"),
        ("doy pecho", "es/safety/#can-i-have-ketamine-if-i-am-pregnant-or-breastfeeding"),
        ("presion arterial", "es/side-effects/#can-ketamine-raise-my-blood-pressure"),
        ("vejiga", "es/safety/dependence-and-long-term-use/#can-ketamine-affect-my-bladder"),
        ("cuánto cuesta una sesión", "es/what-to-expect/cost-and-insurance/#how-much-does-a-session-cost-here"),
        ("autorizacion previa", "es/what-to-expect/cost-and-insurance/#what-is-prior-authorization"),
        ("seguro paga esketamina", "es/what-to-expect/cost-and-insurance/#does-insurance-pay-for-esketamine"),
        ("no puedo pagar", "es/what-to-expect/cost-and-insurance/#what-if-i-cannot-afford-treatment"),
        ("necesito una referencia medica", "es/what-to-expect/how-to-start/#do-i-need-a-referral"),
        ("qué puedo comer", "es/what-to-expect/preparing-for-your-visit/#what-can-i-eat-or-drink-before-my-session"),
        ("taxi", "es/what-to-expect/preparing-for-your-visit/#is-a-taxi-or-rideshare-enough-to-get-home"),
        ("formulario de consentimiento", "es/what-to-expect/preparing-for-your-visit/#what-am-i-agreeing-to-when-i-sign-the-consent-form"),
        ("medicinas de siempre", "es/what-to-expect/preparing-for-your-visit/#should-i-take-my-usual-medicines-that-morning"),
        ("cuantas sesiones voy a necesitar", "es/what-to-expect/how-many-sessions/#how-many-sessions-will-i-need"),
        ("sesion de prueba", "es/what-to-expect/how-many-sessions/#what-is-a-trial-session"),
        ("crisis", "es/about/#what-should-i-do-in-a-crisis"),
        ("llamar de noche o fin de semana", "es/about/#how-do-i-reach-you-at-night-or-at-a-weekend"),
        ("volver al trabajo", "es/what-to-expect/day-of-your-session/#can-i-go-back-to-work-the-same-day"),
        ("usar mi telefono", "es/what-to-expect/day-of-your-session/#can-i-use-my-phone-during-treatment"),
        ("psicosis", "es/safety/#who-should-not-have-ketamine-therapy"),
    ];
    let queries: Vec<&str> = expected.iter().map(|(q, _)| *q).collect();
    let dir = clinic_build();
    let found = search(&dir.path().join("site/es"), &queries, None).sharded;
    let wrong = wrong_answers(&expected, &found);
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(expected.len() >= 10);
}

#[test]
fn spanish_words_are_found_with_or_without_accents() {
    if !have_node() {
        return;
    }
    let dir = clinic_build();
    // Each group: spellings a patient may type, which must find the same documents.
    let groups: &[&[&str]] = &[
        &["náuseas", "nauseas", "nausea", "NÁUSEAS"],
        &["presión arterial", "presion arterial"],
        &["autorización", "autorizacion"],
        &["teléfono", "telefono"],
        &["sesión de prueba", "sesion de prueba"],
        &["dependencia", "dependéncia"],
        &["psicosis", "psicósis"],
        &["mareo", "mareos"],
    ];
    let queries: Vec<&str> = groups.iter().flat_map(|g| g.iter().copied()).collect();
    let found = search(&dir.path().join("site/es"), &queries, None).sharded;
    let mut at = 0;
    for group in groups {
        let first = &found[at];
        assert!(!first.docs.is_empty(), "{:?} finds nothing", group[0]);
        for (offset, query) in group.iter().enumerate().skip(1) {
            assert_eq!(
                found[at + offset].docs,
                first.docs,
                "{query:?} and {:?}",
                group[0]
            );
        }
        at += group.len();
    }
}
