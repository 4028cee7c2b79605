//! Names that explain themselves: no two source files of src/ share a name (other than
//! `mod.rs` and `tests.rs`), and no two types (struct, enum, trait, type alias) share one, so
//! a name found in a message or a search leads to one place.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("src/ is readable").path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn sources() -> Vec<PathBuf> {
    let mut found = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    found.sort();
    found
}

/// Every name in `places` given to more than one place.
fn repeated(places: BTreeMap<String, Vec<String>>) -> Vec<String> {
    places
        .into_iter()
        .filter(|(_, at)| at.len() > 1)
        .map(|(name, at)| format!("{name}: {}", at.join(", ")))
        .collect()
}

#[test]
fn no_two_source_files_share_a_name() {
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in sources() {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name != "mod.rs" && name != "tests.rs" {
            places
                .entry(name)
                .or_default()
                .push(path.display().to_string());
        }
    }
    let repeated = repeated(places);
    assert!(repeated.is_empty(), "files of the same name: {repeated:#?}");
}

/// The name a line declares a type by (`pub(crate) struct Page {` -> `Page`), if it does.
fn type_declared(line: &str) -> Option<&str> {
    let mut words = line.split_whitespace().peekable();
    if words.peek().is_some_and(|w| w.starts_with("pub")) {
        words.next();
    }
    match words.next()? {
        "struct" | "enum" | "trait" | "type" => {}
        _ => return None,
    }
    let name = words.next()?;
    let end = name
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    Some(&name[..end]).filter(|n| !n.is_empty())
}

#[test]
fn no_two_types_share_a_name() {
    let mut places: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for path in sources() {
        let text = std::fs::read_to_string(&path).expect("a source file is readable");
        // Code under test (a test module at the end of a file) may name its own helpers.
        let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
        for (n, line) in code.lines().enumerate() {
            // Declarations at the top level of a file, or one level in (inside a macro).
            let indent = line.len() - line.trim_start().len();
            if indent > 8 || line.trim_start().starts_with("//") {
                continue;
            }
            if let Some(name) = type_declared(line) {
                // `$name` is a macro's; an indented `type` is a trait's associated type.
                let associated = indent > 0 && line.contains("type ");
                if name.starts_with('$') || associated {
                    continue;
                }
                places.entry(name.to_string()).or_default().push(format!(
                    "{}:{}",
                    path.display(),
                    n + 1
                ));
            }
        }
    }
    let repeated = repeated(places);
    assert!(repeated.is_empty(), "types of the same name: {repeated:#?}");
}
