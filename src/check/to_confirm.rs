//! What is left to confirm before publishing: every clinic value marked
//! `{ unconfirmed = "..." }`, every reviewer so marked, and everything in clinic values,
//! reviewer names and page text that cannot be real ([`super::fictional`]), each once, with
//! where it is written and the pages that show it.
//!
//! A value is one entry however many pages show it: a value the theme's templates name (the
//! header, footer and contact card) or the clinic's JSON-LD carries is shown on "every page";
//! otherwise the entry lists the pages that name it (`{{ clinic.KEY }}` in their text or
//! `reviewed_by`, and the urgent care cards that give the clinic's numbers). A value of
//! `[clinic]` that a language does not translate is one entry for both languages.
//!
//! `sitegen check` lists them as warnings; `sitegen check --publish` refuses to publish while
//! any is left (README "Clinic values"). [`list`] is all the preview's desk needs too.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use super::fictional;
use crate::config::ClinicValue;
use crate::content::clinic_values::named_in;
use crate::content::Page;
use crate::diagnostics::{line_col, slash_path};
use crate::markdown::care_cards::Level;
use crate::model::Site;
use crate::pipeline::Inputs;

/// One value (or piece of page text) to confirm before publishing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ToConfirm {
    /// Where it is written, relative to the site root: `site.toml`, `content/about/_index.md`.
    pub file: String,
    /// The line it is written on (1-based).
    pub line: Option<usize>,
    /// The column it starts at (1-based).
    pub column: Option<usize>,
    /// The languages whose pages show it (the language it is written in, or every language
    /// that does not translate it).
    pub languages: Vec<String>,
    /// What it is: `clinic.phone`, `clinic.practice.iv_price`, `reviewed_by` or `page text`.
    pub what: String,
    /// Its text.
    pub value: String,
    /// Why it is listed: awaiting confirmation, cannot be real, or both.
    pub reasons: Vec<Reason>,
    /// Which pages show it.
    pub shown_on: ShownOn,
}

/// Why a value is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Which kind of reason.
    pub kind: ReasonKind,
    /// For an editor: "marked { unconfirmed = ... }", "area code 555 is not in service".
    pub why: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
/// Why a value is listed: awaiting confirmation, or cannot be real.
pub enum ReasonKind {
    /// Written `{ unconfirmed = "..." }`: awaits the clinic's confirmation.
    Unconfirmed,
    /// Cannot be real (a phone number no one can dial, an example domain...).
    Fictional,
}

/// The pages that show a value: every page of its languages, or these (site paths,
/// `/es/about/`). Serialised as `"every page"` or a list of paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShownOn {
    /// Every page of its languages (a value of the footer or the header).
    EveryPage,
    /// These pages, by site path.
    Pages(Vec<String>),
}

impl Serialize for ShownOn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            ShownOn::EveryPage => serializer.serialize_str("every page"),
            ShownOn::Pages(pages) => pages.serialize(serializer),
        }
    }
}

impl ToConfirm {
    pub(crate) fn is_unconfirmed(&self) -> bool {
        self.reasons
            .iter()
            .any(|r| r.kind == ReasonKind::Unconfirmed)
    }

    pub(crate) fn is_fictional(&self) -> bool {
        self.reasons.iter().any(|r| r.kind == ReasonKind::Fictional)
    }

    /// `site.toml:17:9`.
    pub(crate) fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            _ => self.file.clone(),
        }
    }
}

/// `77 values to confirm before publishing (74 marked unconfirmed, 11 that cannot be real)`,
/// or `None` when nothing is left.
pub(crate) fn summary(list: &[ToConfirm]) -> Option<String> {
    if list.is_empty() {
        return None;
    }
    let unconfirmed = list.iter().filter(|t| t.is_unconfirmed()).count();
    let fictional = list.iter().filter(|t| t.is_fictional()).count();
    let mut parts = Vec::new();
    if unconfirmed > 0 {
        parts.push(format!("{unconfirmed} marked unconfirmed"));
    }
    if fictional > 0 {
        parts.push(format!("{fictional} that cannot be real"));
    }
    Some(format!(
        "{} value{} to confirm before publishing ({})",
        list.len(),
        crate::diagnostics::plural(list.len()),
        parts.join(", ")
    ))
}

/// The line `build` and `serve` print when values of `inputs` (every language) are left to
/// confirm.
pub fn warning_line(inputs: &Inputs) -> Option<String> {
    let _stage = crate::timings::stage("to confirm");
    summary(&list(&inputs.sites())).map(|s| format!("warning: {s}; `sitegen check` lists them"))
}

/// Values the clinic's JSON-LD (`MedicalClinic`, on every page) carries.
const IN_JSON_LD: &[&str] = &[
    "clinic.name",
    "clinic.phone",
    "clinic.email",
    "clinic.address",
];
/// Values an urgent care card ("Contact us soon if:") gives under its content.
const IN_URGENT_CARDS: &[&str] = &["clinic.phone", "clinic.hours", "clinic.after_hours_phone"];

const MARKED: &str = "marked { unconfirmed = \"...\" }: awaits the clinic's confirmation";

/// Everything left to confirm in a site, in each of its languages (`sites[0]` the default
/// one): site.toml's values first, in the order written, then each page's.
pub(crate) fn list(sites: &[&Site]) -> Vec<ToConfirm> {
    let Some(first) = sites.first() else {
        return Vec::new();
    };
    let in_theme = theme_names(&first.root, &first.config.theme);
    let mut found = clinic_values(sites, &in_theme);
    let pages: Vec<(&Page, &str)> = sites
        .iter()
        .flat_map(|site| {
            let code = site.config.language.as_str();
            site.pages.iter().map(move |page| (&**page, code))
        })
        .collect();
    let of_pages: Vec<Vec<ToConfirm>> = pages
        .par_iter()
        .map(|&(page, code)| {
            let mut found: Vec<ToConfirm> = reviewer_of(page, code).into_iter().collect();
            found.extend(page_text(page, code));
            found
        })
        .collect();
    found.extend(of_pages.into_iter().flatten());
    found
}

/// A value of site.toml as one language's pages see it.
struct ValueSeen {
    name: String,
    value: ClinicValue,
    /// The languages whose pages see this value (that do not translate it).
    in_effect: Vec<String>,
    /// Those of them with a page that shows it.
    languages: Vec<String>,
    every_page: bool,
    pages: BTreeSet<String>,
}

fn clinic_values(sites: &[&Site], in_theme: &BTreeSet<String>) -> Vec<ToConfirm> {
    let mut seen: Vec<ValueSeen> = Vec::new();
    for site in sites {
        let code = &site.config.language;
        let pages: Vec<&Page> = site.pages.iter().map(|page| &**page).collect();
        let shown: Vec<Shows<'_>> = pages.par_iter().map(|page| Shows::of(page)).collect();
        for (name, value) in site.config.clinic.named_values() {
            if value.trim().is_empty() {
                continue;
            }
            let every_page = in_theme.contains(&name) || IN_JSON_LD.contains(&name.as_str());
            let pages: Vec<String> = if every_page {
                Vec::new()
            } else {
                shown
                    .iter()
                    .filter(|page| page.shows(&name))
                    .map(|page| page.path.to_string())
                    .collect()
            };
            // The same value (same place in site.toml) seen from another language.
            let same = seen
                .iter_mut()
                .find(|s| s.name == name && value.span.is_some() && s.value.span == value.span);
            let shows = every_page || !pages.is_empty();
            match same {
                Some(s) => {
                    s.in_effect.push(code.clone());
                    if shows {
                        s.languages.push(code.clone());
                    }
                    s.every_page &= every_page;
                    s.pages.extend(pages);
                }
                None => seen.push(ValueSeen {
                    name,
                    value: value.clone(),
                    in_effect: vec![code.clone()],
                    languages: if shows {
                        vec![code.clone()]
                    } else {
                        Vec::new()
                    },
                    every_page,
                    pages: pages.into_iter().collect(),
                }),
            }
        }
    }
    let mut found: Vec<ToConfirm> = seen
        .into_iter()
        .filter_map(|s| {
            let reasons = reasons_for(&s.value.text, s.value.unconfirmed);
            (!reasons.is_empty()).then(|| ToConfirm {
                file: "site.toml".to_string(),
                line: (s.value.line > 0).then_some(s.value.line),
                column: (s.value.column > 0).then_some(s.value.column),
                languages: if s.languages.is_empty() {
                    s.in_effect
                } else {
                    s.languages
                },
                what: s.name,
                value: s.value.text.trim().to_string(),
                reasons,
                shown_on: if s.every_page {
                    ShownOn::EveryPage
                } else {
                    ShownOn::Pages(s.pages.into_iter().collect())
                },
            })
        })
        .collect();
    found.sort_by_key(|t| (t.line, t.column));
    found
}

/// The clinic values a page shows itself: those its text or `reviewed_by` names, and the
/// numbers its urgent care cards give.
struct Shows<'a> {
    path: &'a str,
    names: BTreeSet<&'a str>,
    urgent_card: bool,
}

impl<'a> Shows<'a> {
    fn of(page: &'a Page) -> Self {
        let mut names: BTreeSet<&str> = named_in(page.doc.written_body())
            .into_iter()
            .map(|(_, name)| name)
            .collect();
        if let Some(reviewer) = &page.meta.reviewed_by_written {
            names.extend(named_in(&reviewer.text).into_iter().map(|(_, name)| name));
        }
        let urgent_card = page
            .doc
            .care_cards
            .iter()
            .any(|(level, _)| *level == Level::Urgent);
        Shows {
            path: &page.path,
            names,
            urgent_card,
        }
    }

    fn shows(&self, name: &str) -> bool {
        self.names.contains(name) || (self.urgent_card && IN_URGENT_CARDS.contains(&name))
    }
}

/// Why a text is listed: marked unconfirmed, and whatever in it cannot be real.
fn reasons_for(text: &str, unconfirmed: bool) -> Vec<Reason> {
    let mut reasons = Vec::new();
    if unconfirmed {
        reasons.push(Reason {
            kind: ReasonKind::Unconfirmed,
            why: MARKED.to_string(),
        });
    }
    reasons.extend(fictional::find(text).into_iter().map(|f| Reason {
        kind: ReasonKind::Fictional,
        why: f.why,
    }));
    reasons
}

/// A page's own `reviewed_by`, when it is marked unconfirmed or, naming no clinic value,
/// cannot be real (a value it names is listed with site.toml's).
fn reviewer_of(page: &Page, code: &str) -> Option<ToConfirm> {
    let written = page.meta.reviewed_by_written.as_ref()?;
    let names_values = !named_in(&written.text).is_empty();
    let reasons = if names_values {
        reasons_for("", written.unconfirmed)
    } else {
        reasons_for(&written.text, written.unconfirmed)
    };
    (!reasons.is_empty()).then(|| ToConfirm {
        file: slash_path(&page.source),
        line: Some(written.line),
        column: Some(written.column),
        languages: vec![code.to_string()],
        what: "reviewed_by".to_string(),
        value: page
            .meta
            .reviewed_by
            .clone()
            .unwrap_or_else(|| written.text.clone()),
        reasons,
        shown_on: ShownOn::Pages(vec![page.path.clone()]),
    })
}

/// What cannot be real in a page's file as written (its `reviewed_by` line is the
/// reviewer's entry).
fn page_text(page: &Page, code: &str) -> Vec<ToConfirm> {
    let source = page.doc.source();
    let reviewer_line = page.meta.reviewed_by_written.as_ref().map(|r| r.line);
    fictional::find(source)
        .into_iter()
        .filter_map(|f| {
            let (line, column) = line_col(source, f.range.start);
            (Some(line) != reviewer_line).then(|| ToConfirm {
                file: slash_path(&page.source),
                line: Some(line),
                column: Some(column),
                languages: vec![code.to_string()],
                what: "page text".to_string(),
                value: source[f.range].to_string(),
                reasons: vec![Reason {
                    kind: ReasonKind::Fictional,
                    why: f.why,
                }],
                shown_on: ShownOn::Pages(vec![page.path.clone()]),
            })
        })
        .collect()
}

/// The clinic values the theme's templates name (`site.clinic.phone` names `clinic.phone`):
/// those are on every page, in the header, the footer or the contact card.
fn theme_names(root: &Path, theme: &str) -> BTreeSet<String> {
    let dir = root.join("themes").join(theme).join("templates");
    let mut names = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        names.extend(clinic_names_in_template(&text));
    }
    names
}

/// `clinic.KEY` and `clinic.practice.KEY` wherever a template writes them.
fn clinic_names_in_template(text: &str) -> Vec<String> {
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.';
    text.match_indices("clinic.")
        .filter(|(at, _)| {
            !text[..*at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        })
        .map(|(at, _)| {
            let rest = &text[at..];
            let len = rest.find(|c| !is_name_char(c)).unwrap_or(rest.len());
            rest[..len].trim_end_matches('.').to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_names_are_read_from_site_clinic_and_clinic() {
        let names = clinic_names_in_template(
            "{{ site.clinic.phone | phone_href }} {% if clinic.practice.iv_price %}{{ myclinic.x }}",
        );
        assert_eq!(names, ["clinic.phone", "clinic.practice.iv_price"]);
    }

    #[test]
    fn shown_on_is_every_page_or_a_list_in_json() {
        assert_eq!(
            serde_json::to_string(&ShownOn::EveryPage).unwrap(),
            "\"every page\""
        );
        assert_eq!(
            serde_json::to_string(&ShownOn::Pages(vec!["/a/".into()])).unwrap(),
            "[\"/a/\"]"
        );
    }
}
