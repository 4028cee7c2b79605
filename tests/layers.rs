//! The library's layers only look down: no module of `src/` names (`crate::module`) a module
//! of a higher layer. The layers are the table in `src/lib.rs`'s documentation (one row per
//! layer, its number first, its modules in backticks), read here, so the table a newcomer reads
//! is the one that is enforced; every module `lib.rs` declares must be in it.
//!
//! Modules of one layer may name each other; comments and string literals are not code and are
//! not read. `main.rs` sits above every layer.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// Each module of the table in lib.rs's documentation, with its layer.
fn layers(lib: &str) -> BTreeMap<String, u32> {
    let mut layers = BTreeMap::new();
    for line in lib.lines() {
        let Some(row) = line.strip_prefix("//! |") else {
            continue;
        };
        let cells: Vec<&str> = row.split('|').collect();
        let Some(layer) = cells
            .first()
            .and_then(|c| c.split_whitespace().next())
            .and_then(|c| c.parse::<u32>().ok())
        else {
            continue;
        };
        let modules = cells.get(1).copied().unwrap_or_default();
        for name in modules.split('`').skip(1).step_by(2) {
            let name = name.trim_end_matches('/').to_string();
            assert!(
                layers.insert(name.clone(), layer).is_none(),
                "src/lib.rs: `{name}` is in two rows of the layer table"
            );
        }
    }
    layers
}

/// The modules lib.rs declares (`mod x;` with any visibility).
fn declared(lib: &str) -> Vec<String> {
    lib.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .filter_map(|l| {
            let l = l.trim();
            let rest = l.strip_suffix(';')?;
            let name = rest.rsplit_once("mod ")?.1;
            Some(name.trim().to_string())
        })
        .collect()
}

/// `code` with comments and the insides of string and character literals blanked (newlines
/// kept, so lines still count).
fn code_only(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    let mut out = String::with_capacity(code.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && (i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
        {
            // A raw string: r"...", r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            out.push(' ');
            i = j + 1;
            (0..hashes + 1).for_each(|_| out.push(' '));
            while i < chars.len() {
                if chars[i] == '"' && (1..=hashes).all(|k| chars.get(i + k) == Some(&'#')) {
                    (0..hashes + 1).for_each(|_| out.push(' '));
                    i += hashes + 1;
                    break;
                }
                out.push(blank(chars[i]));
                i += 1;
            }
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < chars.len() {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{1F600}'.
            out.push(' ');
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                out.push(' ');
                i += 1;
            }
            out.push_str("  ");
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            // A character literal ('"'); anything else after `'` is a lifetime.
            out.push_str("   ");
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Each module `code` names through `crate::`, with the line: `crate::render::x` names
/// `render`, `crate::{model::Site, render}` names `model` and `render`.
fn named_modules(code: &str) -> Vec<(usize, String)> {
    let code = code_only(code);
    let bytes = code.as_bytes();
    let ident = |from: usize| -> String {
        code[from..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let mut named = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find("crate::") {
        let at = from + found;
        from = at + "crate::".len();
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        let mut i = from;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'{') {
            named.push((line, ident(i)));
            continue;
        }
        // A group: the first name of each of its items.
        let mut depth = 0;
        let mut item_start = true;
        while let Some(&b) = bytes.get(i) {
            match b {
                b'{' => {
                    depth += 1;
                    item_start = depth == 1;
                }
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b',' if depth == 1 => item_start = true,
                b if item_start && (b.is_ascii_alphabetic() || b == b'_') => {
                    let name = ident(i);
                    i += name.len();
                    let line = code[..i].matches('\n').count() + 1;
                    named.push((line, name));
                    item_start = false;
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
    }
    named
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The top module a file of src/ belongs to: `render/context/page.rs` -> `render`, `config.rs`
/// -> `config`, `linkcheck_tests.rs` (included by linkcheck.rs) -> `linkcheck`.
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    let name = first.trim_end_matches(".rs");
    name.strip_suffix("_tests").unwrap_or(name).to_string()
}

#[test]
fn every_module_looks_only_at_its_layer_and_those_below() {
    let lib = std::fs::read_to_string(Path::new(SRC).join("lib.rs")).unwrap();
    let layers = layers(&lib);
    let declared = declared(&lib);
    assert!(declared.len() > 10, "src/lib.rs declares its modules");
    let unplaced: Vec<&String> = declared
        .iter()
        .filter(|m| !layers.contains_key(*m))
        .collect();
    assert!(
        unplaced.is_empty(),
        "src/lib.rs declares modules its layer table does not place: {unplaced:?}; add each to the row of its layer"
    );
    let mut files = Vec::new();
    rust_files(Path::new(SRC), &mut files);
    files.sort();
    let mut upward = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(SRC).unwrap();
        let module = module_of(rel);
        if module == "main" || module == "lib" {
            continue;
        }
        let Some(&own) = layers.get(&module) else {
            panic!(
                "src/{} belongs to `{module}`, which the layer table in src/lib.rs does not place",
                rel.display()
            );
        };
        let code = std::fs::read_to_string(file).unwrap();
        for (line, named) in named_modules(&code) {
            if let Some(&layer) = layers.get(&named) {
                if layer > own {
                    upward.push(format!(
                        "src/{}:{line}: `{module}` (layer {own}) names `crate::{named}` (layer {layer})",
                        rel.display()
                    ));
                }
            }
        }
    }
    assert!(
        upward.is_empty(),
        "{} upward import(s); a module may use only its own layer and those below (src/lib.rs):\n{}",
        upward.len(),
        upward.join("\n")
    );
}

#[test]
fn the_checker_reads_code_not_comments_or_strings() {
    let code = r##"
use crate::{model::Site, render::{self, x}};
// crate::serve in a comment
/* crate::check in a block comment */
let s = "crate::build in a string";
let r = r#"crate::pipeline in a raw string"#;
let c = '"'; let life: &'static str = crate::text::X;
    crate::owners::check(x)
"##;
    let named: Vec<(usize, String)> = named_modules(code);
    let names: Vec<&str> = named.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["model", "render", "text", "owners"]);
    assert_eq!(named[3].0, 8);
}
