//! The JSON-LD as it was written before [`super::SiteGraph`]: field by field, every text of
//! site.toml escaped again on every page. Kept to check that the faster writer writes the
//! same bytes.

use crate::model::Site;
use crate::render::context::PageContext;

// The graph is written straight to text by [`JsonText`], in the order and form serde_json gives
// a struct of its fields (compact, fields in order, absent ones left out): this runs once per
// page, and a derived `Serialize` walked every byte of every string through serde_json's
// escaping and every field through its machinery.

/// A JSON text being written, already safe inside `<script>` (see `escape_for_script`).
struct JsonText {
    out: String,
    /// Whether the object being written has no field yet.
    first: bool,
}

impl JsonText {
    fn new() -> Self {
        JsonText {
            // Room for a page's graph from the start, rather than growing from a few bytes.
            out: String::with_capacity(4096),
            first: true,
        }
    }

    fn open(&mut self) {
        self.out.push('{');
        self.first = true;
    }

    fn close(&mut self) {
        self.out.push('}');
        self.first = false;
    }

    /// Starts field `key` (a name that needs no escaping).
    fn key(&mut self, key: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }

    fn string(&mut self, key: &str, value: &str) {
        self.key(key);
        self.value(value);
    }

    fn option(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.string(key, value);
        }
    }

    /// Starts field `key` as an object.
    fn object(&mut self, key: &str) {
        self.key(key);
        self.open();
    }

    /// Field `key`: `{"@type": kind, "name": name}`.
    fn named(&mut self, key: &str, kind: &str, name: &str) {
        self.object(key);
        self.string("@type", kind);
        self.string("name", name);
        self.close();
    }

    /// Field `key`: `{"@id": id}`.
    fn reference(&mut self, key: &str, id: &[&str]) {
        self.object(key);
        self.key("@id");
        self.out.push('"');
        for part in id {
            self.text(part);
        }
        self.out.push('"');
        self.close();
    }

    /// Field `key` as a string made of `parts`.
    fn joined(&mut self, key: &str, parts: &[&str]) {
        self.key(key);
        self.out.push('"');
        for part in parts {
            self.text(part);
        }
        self.out.push('"');
    }

    /// A number value.
    fn number(&mut self, n: usize) {
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
        self.out
            .push_str(std::str::from_utf8(&digits[at..]).unwrap_or_default());
    }

    /// A string value, quoted.
    fn value(&mut self, text: &str) {
        self.out.push('"');
        self.text(text);
        self.out.push('"');
    }

    /// The inside of a string: escaped as serde_json escapes it, and `<`, `>`, `&` as
    /// `escape_for_script` does.
    fn text(&mut self, text: &str) {
        crate::json_string::escape::<true>(text, |piece| self.out.push_str(piece));
    }
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

/// The `<script type="application/ld+json">` body for a page: the page (`MedicalWebPage`),
/// its breadcrumbs, the clinic (not on a sample site) and its questions (`FAQPage`, when it
/// has some).
pub(super) fn for_page(site: &Site, page: &PageContext) -> String {
    let config = &site.config;
    let mut json = graph_start();
    let permalink = page.permalink.as_str();
    json.open();
    json.string("@type", "MedicalWebPage");
    json.joined("@id", &[permalink, "#webpage"]);
    json.string("name", page.title);
    json.string("description", page.description);
    json.string("url", permalink);
    json.string("inLanguage", &config.language);
    json.object("medicalAudience");
    json.string("@type", "MedicalAudience");
    json.string("audienceType", "Patient");
    json.close();
    if !config.sample {
        json.reference("publisher", &[&config.base_url, "#clinic"]);
    }
    json.reference("breadcrumb", &[permalink, "#breadcrumb"]);
    if let Some(about) = non_empty(&config.about) {
        json.named("about", "MedicalTherapy", about);
    }
    json.option("lastReviewed", page.review.last_reviewed_iso.as_deref());
    if let Some(by) = page.review.reviewed_by.as_deref() {
        json.named("reviewedBy", "Person", by);
    }
    json.close();

    json.out.push(',');
    json.open();
    json.string("@type", "BreadcrumbList");
    json.joined("@id", &[permalink, "#breadcrumb"]);
    json.key("itemListElement");
    json.out.push('[');
    for (i, crumb) in page.breadcrumbs.iter().enumerate() {
        if i > 0 {
            json.out.push(',');
        }
        json.open();
        json.string("@type", "ListItem");
        json.key("position");
        json.number(i + 1);
        json.string("name", crumb.title);
        // `config.absolute` of the page's path, written without making it first.
        json.joined(
            "item",
            &[&config.base_url, crumb.page_path.trim_start_matches('/')],
        );
        json.close();
    }
    json.out.push(']');
    json.close();

    if !config.sample {
        json.out.push(',');
        clinic(site, &mut json);
    }

    if !page.questions.is_empty() {
        json.out.push(',');
        json.open();
        json.string("@type", "FAQPage");
        json.joined("@id", &[permalink, "#faq"]);
        json.string("url", permalink);
        json.string(
            "name",
            &site.strings.fill("faq_name", &[("title", page.title)]),
        );
        json.string("inLanguage", &config.language);
        json.key("mainEntity");
        json.out.push('[');
        for (i, q) in page.questions.iter().enumerate() {
            if i > 0 {
                json.out.push(',');
            }
            json.open();
            json.string("@type", "Question");
            json.string("name", q.question);
            json.joined("url", &[permalink, "#", q.id]);
            json.object("acceptedAnswer");
            json.string("@type", "Answer");
            json.string("text", q.answer_text);
            json.close();
            json.close();
        }
        json.out.push(']');
        json.close();
    }
    graph_end(json)
}

/// The JSON-LD of the 404 page: the clinic only (nothing on a sample site). The page is not
/// medical content, so it is not a `MedicalWebPage` (which validators expect to carry review
/// dates).
pub(super) fn for_not_found(site: &Site) -> String {
    let mut json = graph_start();
    if !site.config.sample {
        clinic(site, &mut json);
    }
    graph_end(json)
}

/// The graph up to its first node.
fn graph_start() -> JsonText {
    let mut json = JsonText::new();
    json.open();
    json.string("@context", "https://schema.org");
    json.key("@graph");
    json.out.push('[');
    json
}

fn graph_end(mut json: JsonText) -> String {
    json.out.push_str("]}");
    json.out
}

/// The clinic, publisher of every page (of a site that is not a sample).
fn clinic(site: &Site, json: &mut JsonText) {
    let config = &site.config;
    json.open();
    json.string("@type", "MedicalClinic");
    json.joined("@id", &[&config.base_url, "#clinic"]);
    json.string("name", &config.clinic.name);
    json.string("url", &config.base_url);
    json.option("telephone", non_empty(&config.clinic.phone));
    json.option("email", non_empty(&config.clinic.email));
    if let Some(street) = non_empty(&config.clinic.address) {
        json.object("address");
        json.string("@type", "PostalAddress");
        json.string("streetAddress", street);
        json.close();
    }
    json.close();
}

#[cfg(test)]
mod tests {
    use super::JsonText;
    use crate::render::jsonld::escape_for_script;

    #[test]
    fn strings_are_escaped_as_serde_json_and_the_script_escape_would() {
        let all: String = (0u8..0x80)
            .map(char::from)
            .chain("é “quoted” </script>".chars())
            .collect();
        let mut json = JsonText::new();
        json.value(&all);
        let expected = escape_for_script(&serde_json::to_string(&all).unwrap());
        assert_eq!(json.out, expected);
    }
}
