//! Structured data: one JSON-LD `@graph` per page with the page (`MedicalWebPage`), its
//! visible questions (`FAQPage`), its breadcrumbs (`BreadcrumbList`) and the clinic
//! (`MedicalClinic`). URLs are absolute, from base_url. The JSON is escaped so that content
//! containing `</script>` cannot end the script element early.

use serde::Serialize;

use crate::model::Site;
use crate::render::context::PageContext;

// The graph's nodes as borrowed structs: serialised straight to text, with no intermediate
// JSON values (this runs once per page, so it matters at 10,000 pages).

#[derive(Serialize)]
struct Graph<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: Vec<Node<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Node<'a> {
    WebPage(WebPage<'a>),
    Breadcrumbs(BreadcrumbList<'a>),
    Clinic(JsonLdClinic<'a>),
    Faq(FaqPage<'a>),
}

#[derive(Serialize)]
struct Typed<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(rename = "audienceType", skip_serializing_if = "Option::is_none")]
    audience_type: Option<&'static str>,
    #[serde(rename = "streetAddress", skip_serializing_if = "Option::is_none")]
    street_address: Option<&'a str>,
}

impl<'a> Typed<'a> {
    fn named(kind: &'static str, name: &'a str) -> Self {
        Typed {
            kind,
            name: Some(name),
            audience_type: None,
            street_address: None,
        }
    }
}

#[derive(Serialize)]
struct Ref {
    #[serde(rename = "@id")]
    id: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WebPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: &'a str,
    description: &'a str,
    url: &'a str,
    in_language: &'a str,
    medical_audience: Typed<'a>,
    /// The clinic; none on a sample site, which claims to be no clinic.
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Ref>,
    breadcrumb: Ref,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<Typed<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_reviewed: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed_by: Option<Typed<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct BreadcrumbList<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    item_list_element: Vec<ListItem<'a>>,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    position: usize,
    name: &'a str,
    item: String,
}

#[derive(Serialize)]
struct JsonLdClinic<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    name: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    telephone: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<Typed<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FaqPage<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: &'a str,
    name: String,
    in_language: &'a str,
    main_entity: Vec<JsonLdQuestion<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonLdQuestion<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: String,
    accepted_answer: JsonLdAnswer<'a>,
}

#[derive(Serialize)]
struct JsonLdAnswer<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    text: &'a str,
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// The `<script type="application/ld+json">` body for a page.
pub(crate) fn for_page(site: &Site, page: &PageContext) -> String {
    let config = &site.config;
    let clinic_id = format!("{}#clinic", config.base_url);
    let web_page = WebPage {
        kind: "MedicalWebPage",
        id: format!("{}#webpage", page.permalink),
        name: page.title,
        description: page.description,
        url: &page.permalink,
        in_language: &config.language,
        medical_audience: Typed {
            kind: "MedicalAudience",
            name: None,
            audience_type: Some("Patient"),
            street_address: None,
        },
        publisher: (!config.sample).then(|| Ref {
            id: clinic_id.clone(),
        }),
        breadcrumb: Ref {
            id: format!("{}#breadcrumb", page.permalink),
        },
        about: non_empty(&config.about).map(|about| Typed::named("MedicalTherapy", about)),
        last_reviewed: page.review.last_reviewed_iso.as_deref(),
        reviewed_by: page
            .review
            .reviewed_by
            .as_deref()
            .map(|by| Typed::named("Person", by)),
    };
    let breadcrumbs = BreadcrumbList {
        kind: "BreadcrumbList",
        id: format!("{}#breadcrumb", page.permalink),
        item_list_element: page
            .breadcrumbs
            .iter()
            .enumerate()
            .map(|(i, crumb)| ListItem {
                kind: "ListItem",
                position: i + 1,
                name: crumb.title,
                item: config.absolute(&crumb.path),
            })
            .collect(),
    };
    let clinic = (!config.sample).then(|| clinic(site));
    let faq = (!page.questions.is_empty()).then(|| FaqPage {
        kind: "FAQPage",
        id: format!("{}#faq", page.permalink),
        url: &page.permalink,
        name: site.strings.fill("faq_name", &[("title", page.title)]),
        in_language: &config.language,
        main_entity: page
            .questions
            .iter()
            .map(|q| JsonLdQuestion {
                kind: "Question",
                name: q.question,
                url: format!("{}#{}", page.permalink, q.id),
                accepted_answer: JsonLdAnswer {
                    kind: "Answer",
                    text: q.answer_text,
                },
            })
            .collect(),
    });
    let mut graph = vec![Node::WebPage(web_page), Node::Breadcrumbs(breadcrumbs)];
    graph.extend(clinic.map(Node::Clinic));
    graph.extend(faq.map(Node::Faq));
    script(graph)
}

/// The JSON-LD of the 404 page: the clinic only (nothing on a sample site). The page is not
/// medical content, so it is not a `MedicalWebPage` (which validators expect to carry review
/// dates).
pub(crate) fn for_not_found(site: &Site) -> String {
    let clinic = (!site.config.sample).then(|| Node::Clinic(clinic(site)));
    script(clinic.into_iter().collect())
}

fn script(graph: Vec<Node<'_>>) -> String {
    let graph = Graph {
        context: "https://schema.org",
        graph,
    };
    // Room for a page's graph from the start, rather than growing from a few bytes.
    let mut bytes = Vec::with_capacity(4096);
    // The graph is made of strings, numbers and structs, which always serialise.
    let _ = serde_json::to_writer(&mut bytes, &graph);
    let json = String::from_utf8(bytes).unwrap_or_default();
    // Most pages' JSON has nothing to escape: then it is used as it is, not copied.
    if memchr::memchr3(b'<', b'>', b'&', json.as_bytes()).is_none() {
        return json;
    }
    escape_for_script(&json)
}

/// The clinic, publisher of every page (of a site that is not a sample).
fn clinic(site: &Site) -> JsonLdClinic<'_> {
    let config = &site.config;
    JsonLdClinic {
        kind: "MedicalClinic",
        id: format!("{}#clinic", config.base_url),
        name: &config.clinic.name,
        url: &config.base_url,
        telephone: non_empty(&config.clinic.phone),
        email: non_empty(&config.clinic.email),
        address: non_empty(&config.clinic.address).map(|street| Typed {
            kind: "PostalAddress",
            name: None,
            audience_type: None,
            street_address: Some(street),
        }),
    }
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

#[cfg(test)]
mod tests {
    use super::escape_for_script;

    #[test]
    fn script_end_tags_cannot_break_out() {
        let raw =
            serde_json::json!({"text": "a </script><script>alert(1)</script> & b"}).to_string();
        let safe = escape_for_script(&raw);
        assert!(!safe.contains("</script"));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["text"], "a </script><script>alert(1)</script> & b");
    }
}
