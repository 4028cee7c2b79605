//! `sitegen new <path>`: starts a page with its front matter filled in, so an editor never
//! has to remember the keys. The page starts as a draft (left out of the published site until
//! the editor removes `draft = true`), reviewed today. An existing file is never overwritten.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use crate::date::Date;
use crate::diagnostics::Diagnostic;

/// What `sitegen new` was asked for.
#[derive(Debug, Clone)]
pub struct NewPage {
    /// Under content/: `guides/driving.md`, `content/guides/driving.md` or `guides/driving`.
    pub path: PathBuf,
    /// The page's title (`title` in the front matter); a placeholder when not given.
    pub title: Option<String>,
}

/// Writes the new page under `root`/content and returns its path relative to `root`.
pub fn create(root: &Path, request: &NewPage, today: Date) -> Result<PathBuf, Diagnostic> {
    let rel = page_path(&request.path)?;
    let title = match &request.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => title_from_file_name(&rel),
    };
    let target = root.join(&rel);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            Diagnostic::error(&rel, format!("cannot create the folder: {e}"))
                .help("check that you may write in content/")
        })?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => Diagnostic::error(
                &rel,
                "this page already exists; sitegen new leaves it as it is",
            )
            .help("open it in your editor, or choose another file name"),
            _ => Diagnostic::error(&rel, format!("cannot create the page: {e}"))
                .help("check that you may write in content/"),
        })?;
    file.write_all(front_matter(&title, today, &reviewer_of(root)).as_bytes())
        .map_err(|e| Diagnostic::error(&rel, format!("cannot write the page: {e}")))?;
    Ok(rel)
}

/// What a new page's `reviewed_by` says: the clinic's reviewer (`{{ clinic.reviewer }}`) when
/// site.toml's `[clinic]` names one, so the page shows the same reviewer as the others and the
/// publish gate follows it; else a placeholder the editor replaces.
fn reviewer_of(root: &Path) -> String {
    let names_reviewer = std::fs::read_to_string(root.join("site.toml"))
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|site| {
            site.get("clinic")
                .and_then(toml::Value::as_table)
                .is_some_and(|clinic| clinic.contains_key("reviewer"))
        });
    match names_reviewer {
        true => "{{ clinic.reviewer }}".to_string(),
        false => "Clinical team".to_string(),
    }
}

/// The text of a new page.
pub(crate) fn front_matter(title: &str, today: Date, reviewer: &str) -> String {
    let reviewer = toml::Value::String(reviewer.to_string()).to_string();
    let title = toml::Value::String(title.to_string()).to_string();
    format!(
        "+++\n\
         title = {title}\n\
         description = \"One plain sentence saying what this page answers.\"\n\
         weight = 100\n\
         last_reviewed = {today}\n\
         reviewed_by = {reviewer}\n\
         tags = []\n\
         # Remove this line when the page is ready to publish (preview drafts with `sitegen serve --drafts`).\n\
         draft = true\n\
         +++\n\n\
         Start with a sentence or two that answers the main question.\n\n\
         ## A question patients ask?\n\n\
         The answer, in plain words.\n"
    )
}

/// `guides/driving` -> `content/guides/driving.md`, refusing paths that leave content/.
fn page_path(requested: &Path) -> Result<PathBuf, Diagnostic> {
    let refuse = |why: &str| {
        Diagnostic::error(requested, format!("`{}` {why}", requested.display()))
            .help("name the page by its place under content/, like guides/driving.md")
    };
    let mut parts: Vec<String> = Vec::new();
    for component in requested.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return Err(refuse("is not a path inside content/")),
        }
    }
    if parts.first().map(String::as_str) == Some("content") {
        parts.remove(0);
    }
    let Some(last) = parts.last_mut() else {
        return Err(refuse("does not name a page"));
    };
    if last.starts_with('.') {
        return Err(refuse("is a hidden file name"));
    }
    match Path::new(last.as_str())
        .extension()
        .and_then(|e| e.to_str())
    {
        Some("md") => {}
        Some(other) if other.len() <= 4 && !other.is_empty() => {
            return Err(refuse("is not a markdown page (pages end in .md)"))
        }
        _ => last.push_str(".md"),
    }
    let mut path = PathBuf::from("content");
    path.extend(parts);
    Ok(path)
}

/// `guides/first-visit.md` -> "First visit"; a section's `_index.md` takes its folder's name.
fn title_from_file_name(rel: &Path) -> String {
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let name = if stem == "_index" {
        rel.parent()
            .and_then(|p| p.file_name())
            .and_then(|s| s.to_str())
            .filter(|s| *s != "content")
            .unwrap_or("Home")
    } else {
        stem
    };
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "New page".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 22).unwrap()
    }

    #[test]
    fn a_new_page_has_front_matter_that_loads() {
        let dir = tempfile::tempdir().unwrap();
        let request = NewPage {
            path: "guides/driving".into(),
            title: Some("Driving \"after\" a session".into()),
        };
        let rel = create(dir.path(), &request, today()).unwrap();
        assert_eq!(rel, PathBuf::from("content/guides/driving.md"));
        let text = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        assert!(text.contains("last_reviewed = 2026-11-22"));
        let content = crate::content::load(dir.path(), true, None);
        assert_eq!(content.pages[0].meta.title, "Driving \"after\" a session");
        assert!(content.pages[0].meta.draft);
        assert!(text.contains("reviewed_by = \"Clinical team\""), "{text}");
    }

    #[test]
    fn a_new_page_names_the_clinics_reviewer_when_site_toml_has_one() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.toml"),
            "[clinic]\nreviewer = { unconfirmed = \"Dr. B\" }\n",
        )
        .unwrap();
        let request = NewPage {
            path: "guides/driving".into(),
            title: None,
        };
        let rel = create(dir.path(), &request, today()).unwrap();
        let text = std::fs::read_to_string(dir.path().join(&rel)).unwrap();
        assert!(
            text.contains("reviewed_by = \"{{ clinic.reviewer }}\""),
            "{text}"
        );
    }

    #[test]
    fn an_existing_page_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/safety.md"), "mine").unwrap();
        let request = NewPage {
            path: "content/safety.md".into(),
            title: None,
        };
        let err = create(dir.path(), &request, today()).unwrap_err();
        assert!(err.message.contains("already exists"), "{}", err.message);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("content/safety.md")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn paths_outside_content_are_refused() {
        for bad in [
            "../escape.md",
            "/etc/x.md",
            "guides/../../x.md",
            "notes.docx",
        ] {
            assert!(page_path(Path::new(bad)).is_err(), "{bad}");
        }
        assert_eq!(
            page_path(Path::new("./faq.md")).unwrap(),
            PathBuf::from("content/faq.md")
        );
    }

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(
            title_from_file_name(Path::new("content/first-visit.md")),
            "First visit"
        );
        assert_eq!(
            title_from_file_name(Path::new("content/guides/_index.md")),
            "Guides"
        );
    }
}
