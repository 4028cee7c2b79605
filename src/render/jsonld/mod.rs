//! Structured data: one JSON-LD `@graph` per page with the page (`MedicalWebPage`), its
//! visible questions (`FAQPage`), its breadcrumbs (`BreadcrumbList`) and the clinic
//! (`MedicalClinic`). URLs are absolute, from base_url. The JSON is escaped so that content
//! containing `</script>` cannot end the script element early.
//!
//! The graph is written straight to text, in the order and form serde_json gives a struct of
//! its fields (compact, fields in order, absent ones left out): what comes from site.toml and
//! the theme's strings alone is written once per render ([`SiteGraph`]), and each page's graph
//! is those pieces around the page's own texts, each escaped a run of plain bytes at a time.

#[cfg(test)]
mod before;
#[cfg(test)]
mod tests;

use crate::model::Site;
use crate::render::context::PageContext;

/// What every page's graph takes from site.toml and the theme's strings, written once.
pub(crate) struct SiteGraph {
    /// The page node from its language to the start of its breadcrumb's `@id`.
    page_middle: String,
    /// The page node's `about` field, with the comma before it (empty without one).
    about: String,
    /// The clinic node (empty on a sample site).
    clinic: String,
    /// base_url, escaped as inside a JSON string.
    base_url: String,
    /// The theme's `faq_name` cut at each `{title}`, each piece escaped.
    faq_name: Vec<String>,
    /// The FAQ node from the end of its name to its first question.
    faq_middle: String,
}

impl SiteGraph {
    pub(crate) fn of(site: &Site) -> SiteGraph {
        let config = &site.config;
        let base_url = escaped(&config.base_url);
        let mut page_middle = String::from("\",\"inLanguage\":\"");
        push_text(&mut page_middle, &config.language);
        page_middle.push_str(
            "\",\"medicalAudience\":{\"@type\":\"MedicalAudience\",\"audienceType\":\"Patient\"}",
        );
        if !config.sample {
            page_middle.push_str(",\"publisher\":{\"@id\":\"");
            page_middle.push_str(&base_url);
            page_middle.push_str("#clinic\"}");
        }
        page_middle.push_str(",\"breadcrumb\":{\"@id\":\"");
        let about = match config.about.as_str() {
            "" => String::new(),
            about => format!(
                ",\"about\":{{\"@type\":\"MedicalTherapy\",\"name\":\"{}\"}}",
                escaped(about)
            ),
        };
        let mut faq_middle = String::from("\",\"inLanguage\":\"");
        push_text(&mut faq_middle, &config.language);
        faq_middle.push_str("\",\"mainEntity\":[");
        SiteGraph {
            page_middle,
            about,
            clinic: if config.sample {
                String::new()
            } else {
                clinic(site, &base_url)
            },
            faq_name: site
                .strings
                .get("faq_name")
                .split("{title}")
                .map(escaped)
                .collect(),
            base_url,
            faq_middle,
        }
    }
}

/// The clinic, publisher of every page (of a site that is not a sample).
fn clinic(site: &Site, base_url: &str) -> String {
    let clinic = &site.config.clinic;
    let mut json = String::from("{\"@type\":\"MedicalClinic\",\"@id\":\"");
    json.push_str(base_url);
    json.push_str("#clinic\",\"name\":\"");
    push_text(&mut json, &clinic.name);
    json.push_str("\",\"url\":\"");
    json.push_str(base_url);
    json.push('"');
    for (key, value) in [("telephone", &clinic.phone), ("email", &clinic.email)] {
        if !value.is_empty() {
            json.push_str(",\"");
            json.push_str(key);
            json.push_str("\":\"");
            push_text(&mut json, value);
            json.push('"');
        }
    }
    if !clinic.address.is_empty() {
        json.push_str(",\"address\":{\"@type\":\"PostalAddress\",\"streetAddress\":\"");
        push_text(&mut json, &clinic.address);
        json.push_str("\"}");
    }
    json.push('}');
    json
}

/// The start of every graph, up to its first node's `@id`.
const GRAPH_START: &str = "{\"@context\":\"https://schema.org\",\"@graph\":[";

/// The `<script type="application/ld+json">` body for a page: the page (`MedicalWebPage`),
/// its breadcrumbs, the clinic (not on a sample site) and its questions (`FAQPage`, when it
/// has some).
pub(crate) fn for_page(graph: &SiteGraph, page: &PageContext) -> String {
    let mut out = String::with_capacity(4096);
    // The permalink, escaped once: most fields are made of it.
    let permalink = escaped(&page.permalink);
    let permalink = permalink.as_str();
    out.push_str(GRAPH_START);
    out.push_str("{\"@type\":\"MedicalWebPage\",\"@id\":\"");
    out.push_str(permalink);
    out.push_str("#webpage\",\"name\":\"");
    push_text(&mut out, page.title);
    out.push_str("\",\"description\":\"");
    push_text(&mut out, page.description);
    out.push_str("\",\"url\":\"");
    out.push_str(permalink);
    out.push_str(&graph.page_middle);
    out.push_str(permalink);
    out.push_str("#breadcrumb\"}");
    out.push_str(&graph.about);
    if let Some(date) = &page.review.last_reviewed_iso {
        out.push_str(",\"lastReviewed\":\"");
        push_text(&mut out, date);
        out.push('"');
    }
    if let Some(by) = &page.review.reviewed_by {
        out.push_str(",\"reviewedBy\":{\"@type\":\"Person\",\"name\":\"");
        push_text(&mut out, by);
        out.push_str("\"}");
    }
    out.push_str("},{\"@type\":\"BreadcrumbList\",\"@id\":\"");
    out.push_str(permalink);
    out.push_str("#breadcrumb\",\"itemListElement\":[");
    for (i, crumb) in page.breadcrumbs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"@type\":\"ListItem\",\"position\":");
        push_number(&mut out, i + 1);
        out.push_str(",\"name\":\"");
        push_text(&mut out, crumb.title);
        // `config.absolute` of the page's path, written without making it first.
        out.push_str("\",\"item\":\"");
        out.push_str(&graph.base_url);
        push_text(&mut out, crumb.page_path.trim_start_matches('/'));
        out.push_str("\"}");
    }
    out.push_str("]}");
    if !graph.clinic.is_empty() {
        out.push(',');
        out.push_str(&graph.clinic);
    }
    if !page.questions.is_empty() {
        out.push_str(",{\"@type\":\"FAQPage\",\"@id\":\"");
        out.push_str(permalink);
        out.push_str("#faq\",\"url\":\"");
        out.push_str(permalink);
        out.push_str("\",\"name\":\"");
        // The theme's `faq_name` filled with the title, as `Strings::fill` fills it.
        for (i, piece) in graph.faq_name.iter().enumerate() {
            if i > 0 {
                push_text(&mut out, page.title);
            }
            out.push_str(piece);
        }
        out.push_str(&graph.faq_middle);
        for (i, q) in page.questions.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"@type\":\"Question\",\"name\":\"");
            push_text(&mut out, q.question);
            out.push_str("\",\"url\":\"");
            out.push_str(permalink);
            out.push('#');
            push_text(&mut out, q.id);
            out.push_str("\",\"acceptedAnswer\":{\"@type\":\"Answer\",\"text\":\"");
            push_text(&mut out, q.answer_text);
            out.push_str("\"}}");
        }
        out.push_str("]}");
    }
    out.push_str("]}");
    out
}

/// The JSON-LD of the 404 page: the clinic only (nothing on a sample site). The page is not
/// medical content, so it is not a `MedicalWebPage` (which validators expect to carry review
/// dates).
pub(crate) fn for_not_found(graph: &SiteGraph) -> String {
    [GRAPH_START, &graph.clinic, "]}"].concat()
}

/// Appends `text` as inside a JSON string, escaped as serde_json escapes it, and `<`, `>`,
/// `&` as [`escape_for_script`] does.
fn push_text(out: &mut String, text: &str) {
    crate::json_string::escape::<true>(text, |piece| out.push_str(piece));
}

/// `text` as [`push_text`] writes it.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_text(&mut out, text);
    out
}

/// Appends the digits of `n`.
fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
}

/// Makes JSON safe inside `<script>`: `<`, `>` and `&` only occur inside JSON strings, where
/// their `\u` escapes mean the same.
pub(crate) fn escape_for_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    let mut written = 0;
    for i in memchr::memchr3_iter(b'<', b'>', b'&', json.as_bytes()) {
        out.push_str(&json[written..i]);
        out.push_str(match json.as_bytes()[i] {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            _ => "\\u0026",
        });
        written = i + 1;
    }
    out.push_str(&json[written..]);
    out
}
