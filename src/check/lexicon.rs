//! The words the wording checks look for, per language: absolute claims, mental-health terms
//! (and the phrases that only look like them), headings that announce warning signs, and the
//! words that send a reader to emergency care. A page is checked with the lists of its
//! site's language; a language without lists here gets none of these checks (the other
//! checks still run).

/// One language's lists.
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// Claims no medical treatment can make; each is flagged for clinical review.
    pub absolute_claims: &'static [&'static str],
    /// Words that make a page a mental-health page.
    pub mental_health_terms: &'static [&'static str],
    /// Phrases that contain a mental-health term but are not about mental health.
    pub not_mental_health: &'static [&'static str],
    /// Headings that announce warning signs.
    pub warning_sign_headings: &'static [&'static str],
    /// Words that send a reader to emergency care.
    pub emergency_words: &'static [&'static str],
}

impl Lexicon {
    /// The lists for language `code` (`en`, `es`).
    pub(crate) fn of(code: &str) -> &'static Lexicon {
        match code.split('-').next().unwrap_or(code) {
            "en" => &ENGLISH,
            "es" => &SPANISH,
            _ => &NONE,
        }
    }
}

pub(crate) static ENGLISH: Lexicon = Lexicon {
    absolute_claims: &[
        "cure",
        "cures",
        "cured",
        "curing",
        "guarantee",
        "guarantees",
        "guaranteed",
        "risk-free",
        "100% safe",
        "100% effective",
        "completely safe",
        "totally safe",
        "perfectly safe",
        "entirely safe",
        "absolutely safe",
        "no side effects",
        "no side-effects",
        "no risk",
        "no risks",
        "permanent fix",
        "permanent cure",
        "miracle",
        "always works",
        "never fails",
    ],
    mental_health_terms: &[
        "mental health",
        "mental illness",
        "depression",
        "depressive",
        "depressed",
        "anxiety",
        "ptsd",
        "post-traumatic stress",
        "suicide",
        "suicidal",
        "self-harm",
        "bipolar",
    ],
    not_mental_health: &["respiratory depression", "breathing depression"],
    warning_sign_headings: &["warning sign", "warning signs"],
    emergency_words: &["call 911"],
};

pub(crate) static SPANISH: Lexicon = Lexicon {
    absolute_claims: &[
        "cura",
        "curas",
        "cura definitiva",
        "curar",
        "curación",
        "garantía",
        "garantizado",
        "garantizada",
        "garantizamos",
        "sin riesgo",
        "sin riesgos",
        "100% seguro",
        "100% segura",
        "100% eficaz",
        "completamente seguro",
        "completamente segura",
        "totalmente seguro",
        "totalmente segura",
        "sin efectos secundarios",
        "milagro",
        "milagrosa",
        "milagroso",
        "siempre funciona",
        "nunca falla",
    ],
    mental_health_terms: &[
        "salud mental",
        "enfermedad mental",
        "depresión",
        "depresivo",
        "depresiva",
        "deprimido",
        "deprimida",
        "ansiedad",
        "tept",
        "estrés postraumático",
        "suicidio",
        "suicida",
        "autolesión",
        "bipolar",
    ],
    not_mental_health: &["depresión respiratoria"],
    warning_sign_headings: &["señal de alarma", "señales de alarma"],
    emergency_words: &["llame al 911"],
};

static NONE: Lexicon = Lexicon {
    absolute_claims: &[],
    mental_health_terms: &[],
    not_mental_health: &[],
    warning_sign_headings: &[],
    emergency_words: &[],
};
