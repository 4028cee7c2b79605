//! Reading the editor's desk (`/__sitegen/`, `check --format html`) and `check --format
//! json` the same way, to compare what they list.

/// The text between `start` and the next `end` in `text`.
fn between<'t>(text: &'t str, start: &str, end: &str) -> &'t str {
    let from = text.find(start).map_or(text.len(), |i| i + start.len());
    let rest = &text[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Undoes HTML escaping of text.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The findings a desk lists, each as `severity file:line:column message`, in order.
pub fn findings_of_desk(html: &str) -> Vec<String> {
    let start = html
        .find("<section id=\"findings\"")
        .expect("the desk has a findings section");
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    section
        .split("<li class=\"desk-finding ")
        .skip(1)
        .map(|item| {
            format!(
                "{} {} {}",
                between(item, "<span class=\"desk-severity\">", "</span>"),
                unescape(between(item, "<code class=\"desk-place\">", "</code>")),
                unescape(between(item, "<span class=\"desk-message\">", "</span>"))
            )
        })
        .collect()
}

/// The findings of `check --format json`'s output, as [`findings_of_desk`] gives them.
pub fn findings_of_json(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            let mut place = d["file"].as_str().unwrap().replace('\\', "/");
            if let Some(line) = d["line"].as_u64() {
                place.push_str(&format!(":{line}"));
                if let Some(column) = d["column"].as_u64() {
                    place.push_str(&format!(":{column}"));
                }
            }
            format!(
                "{} {place} {}",
                d["severity"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// The source files of the pages a desk lists, in its order.
pub fn pages_of_desk(html: &str) -> Vec<String> {
    let start = html
        .find("<table class=\"desk-pages\">")
        .expect("a page table");
    let table = &html[start
        ..html[start..]
            .find("</table>")
            .map_or(html.len(), |e| start + e)];
    table
        .split("<tr data-lang=")
        .skip(1)
        .map(|row| unescape(between(row, "<br><code>", "</code>")))
        .collect()
}

/// What a desk lists as left to confirm, each as `file:line:column what = value`, in order.
pub fn to_confirm_of_desk(html: &str) -> Vec<String> {
    let start = html
        .find("<section id=\"confirm\"")
        .expect("the desk has a section of what is left to confirm");
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap_or(section.len())];
    section
        .split("<li class=\"desk-confirm ")
        .skip(1)
        .map(|item| {
            format!(
                "{} {} = {}",
                unescape(between(item, "<code class=\"desk-place\">", "</code>")),
                unescape(between(item, "<strong>", "</strong>")),
                unescape(between(item, "<q>", "</q>"))
            )
        })
        .collect()
}

/// The `to_confirm` entries of `check --format json`, as [`to_confirm_of_desk`] gives them.
pub fn to_confirm_of_json(json: &serde_json::Value) -> Vec<String> {
    json["to_confirm"]
        .as_array()
        .expect("to_confirm")
        .iter()
        .map(|t| {
            format!(
                "{}:{}:{} {} = {}",
                t["file"].as_str().unwrap(),
                t["line"],
                t["column"],
                t["what"].as_str().unwrap(),
                t["value"].as_str().unwrap()
            )
        })
        .collect()
}

/// The count of values left to confirm at the top of a desk.
pub fn to_confirm_count_of_desk(html: &str) -> Option<usize> {
    let before = html.split(" left to confirm</a>").next()?;
    let count = before.rsplit("<strong>").next()?;
    count.split("</strong>").next()?.parse().ok()
}
