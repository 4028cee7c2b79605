//! Structured data: one JSON-LD `@graph` per page with the page (`MedicalWebPage`), its
//! visible questions (`FAQPage`), its breadcrumbs (`BreadcrumbList`) and the clinic
//! (`MedicalClinic`). URLs are absolute, from base_url. The JSON is escaped so that content
//! containing `</script>` cannot end the script element early.

use serde_json::{json, Value};

use crate::render::context::PageContext;
use crate::site::Site;

/// The `<script type="application/ld+json">` body for a page.
pub fn for_page(site: &Site, page: &PageContext) -> String {
    let config = &site.config;
    let clinic_id = format!("{}#clinic", config.base_url);
    let page_id = format!("{}#webpage", page.permalink);
    let mut web_page = json!({
        "@type": "MedicalWebPage",
        "@id": page_id,
        "name": page.title,
        "description": page.description,
        "url": page.permalink,
        "inLanguage": config.language,
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@id": clinic_id},
        "breadcrumb": {"@id": format!("{}#breadcrumb", page.permalink)},
    });
    if !config.about.is_empty() {
        web_page["about"] = json!({"@type": "MedicalTherapy", "name": config.about});
    }
    if let Some(date) = &page.review.last_reviewed_iso {
        web_page["lastReviewed"] = json!(date);
    }
    if let Some(by) = &page.review.reviewed_by {
        web_page["reviewedBy"] = json!({"@type": "Person", "name": by});
    }
    let crumbs: Vec<Value> = page
        .breadcrumbs
        .iter()
        .enumerate()
        .map(|(i, crumb)| {
            json!({"@type": "ListItem", "position": i + 1, "name": crumb.title, "item": config.absolute(&crumb.path)})
        })
        .collect();
    let mut clinic = json!({
        "@type": "MedicalClinic",
        "@id": clinic_id,
        "name": config.clinic.name,
        "url": config.base_url,
    });
    if !config.clinic.phone.is_empty() {
        clinic["telephone"] = json!(config.clinic.phone);
    }
    if !config.clinic.email.is_empty() {
        clinic["email"] = json!(config.clinic.email);
    }
    if !config.clinic.address.is_empty() {
        clinic["address"] =
            json!({"@type": "PostalAddress", "streetAddress": config.clinic.address});
    }
    let mut graph = vec![
        web_page,
        json!({"@type": "BreadcrumbList", "@id": format!("{}#breadcrumb", page.permalink), "itemListElement": crumbs}),
        clinic,
    ];
    if !page.questions.is_empty() {
        let questions: Vec<Value> = page
            .questions
            .iter()
            .map(|q| {
                json!({
                    "@type": "Question",
                    "name": q.question,
                    "url": format!("{}#{}", page.permalink, q.id),
                    "acceptedAnswer": {"@type": "Answer", "text": q.answer_text},
                })
            })
            .collect();
        graph.push(json!({
            "@type": "FAQPage",
            "@id": format!("{}#faq", page.permalink),
            "url": page.permalink,
            "name": format!("{}: questions", page.title),
            "mainEntity": questions,
        }));
    }
    let doc = json!({"@context": "https://schema.org", "@graph": graph});
    escape_for_script(&doc.to_string())
}

/// Makes JSON safe inside `<script>`: `<`, `>` and `&` only occur inside JSON strings, where
/// their `\u` escapes mean the same.
pub fn escape_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
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
