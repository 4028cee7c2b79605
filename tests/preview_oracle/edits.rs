//! The edits the oracle makes, as an editor would: each changes files and says which paths
//! the file watcher would report (the file, or both names of a renamed file or folder).
//! Edits meant to break the site keep how to take them back.

use std::path::{Path, PathBuf};

use super::site::{page_text, sentence, write, Languages, Rng, BOXED, SIGNS, TAGS};

/// What the site has now, to pick edits that make sense (links that lead somewhere).
#[derive(Default, Clone)]
pub struct Known {
    /// Markdown files under content/, by their path under content/.
    pub pages: Vec<String>,
    /// Question ids.
    pub questions: Vec<String>,
    /// Pages another page links to (deleting or moving one breaks the site).
    pub linked: Vec<String>,
    /// Spanish translations' files under content/ (`g0/p004.es.md`).
    pub translations: Vec<String>,
}

/// Files as they were, to take an edit back.
#[derive(Default, Debug)]
pub struct Undo {
    /// Each file and what it held (`None`: it did not exist).
    files: Vec<(PathBuf, Option<Vec<u8>>)>,
    /// Renames to make backwards (from, to), last first.
    moves: Vec<(PathBuf, PathBuf)>,
}

pub struct Edit {
    pub kind: &'static str,
    /// Paths relative to the root, as the watcher reports them.
    pub changed: Vec<PathBuf>,
    pub undo: Undo,
}

impl Undo {
    /// Takes the edit back; returns the paths the watcher would report.
    pub fn apply(self, root: &Path) -> Vec<PathBuf> {
        let mut changed = Vec::new();
        for (from, to) in self.moves.into_iter().rev() {
            std::fs::rename(root.join(&to), root.join(&from)).expect("move back");
            changed.extend([from, to]);
        }
        for (path, was) in self.files {
            match was {
                Some(bytes) => write_bytes(&root.join(&path), &bytes),
                None => {
                    let _ = std::fs::remove_file(root.join(&path));
                }
            }
            changed.push(path);
        }
        changed
    }
}

fn write_bytes(path: &Path, bytes: &[u8]) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, bytes).expect("write");
}

/// Makes edits in one site folder.
pub struct Editor<'a> {
    pub root: &'a Path,
    pub rng: &'a mut Rng,
    pub step: usize,
    undo: Undo,
    changed: Vec<PathBuf>,
}

impl<'a> Editor<'a> {
    pub fn new(root: &'a Path, rng: &'a mut Rng, step: usize) -> Self {
        Editor {
            root,
            rng,
            step,
            undo: Undo::default(),
            changed: Vec::new(),
        }
    }

    fn read(&self, rel: &Path) -> String {
        std::fs::read_to_string(self.root.join(rel)).unwrap_or_default()
    }

    /// Writes `text` to `rel`, remembering what it held.
    fn put(&mut self, rel: &Path, text: &str) {
        let was = std::fs::read(self.root.join(rel)).ok();
        self.undo.files.push((rel.to_path_buf(), was));
        write(&self.root.join(rel), text);
        self.changed.push(rel.to_path_buf());
    }

    fn remove(&mut self, rel: &Path) {
        let was = std::fs::read(self.root.join(rel)).ok();
        self.undo.files.push((rel.to_path_buf(), was));
        let _ = std::fs::remove_file(self.root.join(rel));
        self.changed.push(rel.to_path_buf());
    }

    fn rename(&mut self, from: &Path, to: &Path) {
        std::fs::rename(self.root.join(from), self.root.join(to)).expect("rename");
        self.undo.moves.push((from.to_path_buf(), to.to_path_buf()));
        self.changed.extend([from.to_path_buf(), to.to_path_buf()]);
    }

    fn done(self, kind: &'static str) -> Edit {
        Edit {
            kind,
            changed: self.changed,
            undo: self.undo,
        }
    }

    /// A page nothing links to, most of the time (deleting or moving it keeps the site whole).
    fn some_unlinked_page(&mut self, known: &Known) -> Option<PathBuf> {
        let pages: Vec<&String> = known
            .pages
            .iter()
            .filter(|p| {
                p.starts_with('g') && !p.ends_with("_index.md") && !known.linked.contains(p)
            })
            .filter(|p| self.root.join("content").join(p).is_file())
            .collect();
        if pages.is_empty() || self.rng.one_in(4) {
            return self.some_page(known);
        }
        Some(Path::new("content").join(self.rng.pick(&pages)))
    }

    /// A page file under content/ (not the home, hub or references page).
    fn some_page(&mut self, known: &Known) -> Option<PathBuf> {
        let pages: Vec<&String> = known
            .pages
            .iter()
            .filter(|p| p.starts_with('g') && self.root.join("content").join(p).is_file())
            .collect();
        (!pages.is_empty()).then(|| Path::new("content").join(self.rng.pick(&pages)))
    }

    /// One of the first ten pages written (`p000.md` to `p009.md`), if one is there.
    fn first_page(&mut self, known: &Known) -> Option<PathBuf> {
        let pages: Vec<&String> = known
            .pages
            .iter()
            .filter(|p| p.starts_with('g') && p.contains("/p00"))
            .filter(|p| self.root.join("content").join(p).is_file())
            .collect();
        (!pages.is_empty()).then(|| Path::new("content").join(self.rng.pick(&pages)))
    }

    /// Replaces the front matter line starting with `key =` (or adds it after the title).
    fn set_key(&mut self, page: &Path, key: &str, value: &str) {
        let text = self.read(page);
        let line = format!("{key} = {value}");
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let end = lines
            .iter()
            .skip(1)
            .position(|l| l == "+++")
            .map_or(0, |i| i + 1);
        match lines[..end]
            .iter()
            .position(|l| l.starts_with(&format!("{key} =")))
        {
            Some(i) => lines[i] = line,
            None if end > 1 => lines.insert(2.min(end), line),
            None => return,
        }
        self.put(page, &(lines.join("\n") + "\n"));
    }

    /// A random edit of a site in `languages`.
    pub fn make(self, known: &Known, languages: Languages) -> Edit {
        let roll = loop {
            let roll = self.rng.below(119);
            if Self::edits_in(roll, languages) {
                break roll;
            }
        };
        self.make_kind(known, roll)
    }

    /// Whether the edit `roll` picks can be made in a site in `languages`: a site in one
    /// language has no translation (rolls 100-109) nor translated block (112) to edit.
    pub fn edits_in(roll: usize, languages: Languages) -> bool {
        languages == Languages::Two || !((100..=109).contains(&roll) || roll == 112)
    }

    /// One edit of each kind, in turn: the first steps of a sequence.
    pub const EVERY_KIND: &'static [usize] = &[
        0, 16, 25, 32, 38, 44, 46, 52, 57, 62, 65, 69, 73, 76, 80, 82, 84, 85, 87, 89, 90, 100,
        103, 105, 107, 108, 109, 110, 112, 113, 114, 115, 116,
    ];

    /// The edit `roll` (0-118) picks.
    pub fn make_kind(mut self, known: &Known, roll: usize) -> Edit {
        let step = self.step;
        let Some(page) = self.some_page(known) else {
            return self.new_page(known);
        };
        match roll {
            0..=15 => {
                let mut text = self.read(&page);
                text.push_str(&format!("\n{}\n", sentence(self.rng)));
                if self.rng.one_in(3) && !known.pages.is_empty() {
                    let target = self.rng.pick(&known.pages).clone();
                    text.push_str(&format!("\nRead [more](@/{target}).\n"));
                }
                if self.rng.one_in(4) && !known.questions.is_empty() {
                    let q = self.rng.pick(&known.questions).clone();
                    text.push_str(&format!("\nAsk [this](@#{q}).\n"));
                }
                self.put(&page, &text);
                self.done("body")
            }
            16..=24 => {
                let title = format!("Title {}", self.rng.below(40));
                self.set_key(&page, "title", &format!("\"{title}\""));
                self.done("title")
            }
            25..=31 => {
                let weight = self.rng.below(9);
                self.set_key(&page, "weight", &weight.to_string());
                self.done("weight")
            }
            32..=37 => {
                // Half the time one of the first pages: their questions come first among a
                // tag's, so other pages' related questions change with them.
                let page = match self.rng.one_in(2) {
                    true => self.first_page(known).unwrap_or(page),
                    false => page,
                };
                let tags: Vec<String> = (0..self.rng.below(3))
                    .map(|_| format!("\"{}\"", self.rng.pick(TAGS)))
                    .collect();
                self.set_key(&page, "tags", &format!("[{}]", tags.join(", ")));
                self.done("tags")
            }
            38..=43 => {
                let mut targets = Vec::new();
                if self.rng.one_in(2) && !known.pages.is_empty() {
                    targets.push(format!("\"@/{}\"", self.rng.pick(&known.pages)));
                }
                if self.rng.one_in(2) && !known.questions.is_empty() {
                    targets.push(format!("\"@#{}\"", self.rng.pick(&known.questions)));
                }
                self.set_key(&page, "related", &format!("[{}]", targets.join(", ")));
                self.done("related")
            }
            44..=45 => {
                let description = format!("\"{}\"", sentence(self.rng));
                self.set_key(&page, "description", &description);
                self.done("description")
            }
            46..=51 => self.new_page(known),
            52..=56 => {
                let page = self.some_unlinked_page(known).unwrap_or(page);
                self.remove(&page);
                self.done("delete")
            }
            57..=61 => {
                let page = self.some_unlinked_page(known).unwrap_or(page);
                let to = page.with_file_name(format!("r{step}.md"));
                self.rename(&page, &to);
                self.done("rename")
            }
            62..=64 => self.move_folder(),
            65..=68 => self.asset(&page),
            69..=72 => self.template(),
            73..=75 => {
                let footer = Path::new("themes/clinic/templates/partials/footer.html");
                let text = self.read(footer);
                let marked = mark(&text, "<footer class=\"site-footer\"", step);
                self.put(footer, &marked);
                self.done("partial")
            }
            76..=79 => self.config(),
            80..=81 => {
                let file = PathBuf::from(format!("static/extra{}.css", self.rng.below(3)));
                self.put(&file, &format!("body {{ margin: {step}px; }}\n"));
                self.done("static")
            }
            82..=83 => {
                self.set_key(&page, "slug", &format!("\"s{step}\""));
                self.done("slug")
            }
            84 => {
                let page = self.some_unlinked_page(known).unwrap_or(page);
                self.set_key(&page, "draft", "true");
                self.done("draft")
            }
            85..=86 => {
                self.set_key(&page, "aliases", &format!("[\"old/a{step}/\"]"));
                self.done("alias")
            }
            87..=88 => {
                let title = format!("\"Menu {}\"", self.rng.below(9));
                self.set_key(&page, "extra.nav_title", &title);
                self.done("nav title")
            }
            89 => {
                let index = self.rng.below(super::site::GROUPS);
                let file = PathBuf::from(format!("content/g{index}/s0/_index.md"));
                if self.root.join(&file).is_file() {
                    self.remove(&file);
                }
                self.done("section page deleted")
            }
            90..=99 => self.break_page(&page, known),
            100..=109 => self.translation(&page, known, roll),
            110..=115 => self.block(&page, known, roll),
            _ => self.sources(&page),
        }
    }

    /// An edit of a page's sources (rolls 116-118): one added where it cites none, else its
    /// reference changed (another source, so the numbers of the reference list move, or
    /// another date) or dropped. Pages citing a source show its number; the references page
    /// lists them.
    fn sources(mut self, page: &Path) -> Edit {
        let text = self.read(page);
        // Sources 8-11 are cited by no page at first: adding one moves the numbers after it.
        let n = self.rng.below(12);
        let day = 1 + self.rng.below(28);
        let Some(start) = text.find("\n[[sources]]") else {
            let source = format!(
                "[{{ title = \"Source {n}\", url = \"https://example.org/source-{n}\", publisher = \"Publisher {}\", accessed = 2026-09-{day:02} }}]",
                self.rng.below(3)
            );
            if text.lines().any(|l| l.starts_with("sources =")) && self.rng.one_in(2) {
                self.set_key(page, "sources", "[]");
            } else {
                self.set_key(page, "sources", &source);
            }
            return self.done("sources");
        };
        let end = text[start..]
            .find("\n+++")
            .map_or(text.len(), |i| start + i);
        let changed = match self.rng.below(3) {
            0 => String::new(),
            1 => format!(
                "\n[[sources]]\ntitle = \"Source {n}\"\nurl = \"https://example.org/source-{n}\"\npublisher = \"Publisher 0\"\naccessed = 2026-09-{day:02}"
            ),
            _ => text[start..end]
                .lines()
                .map(|l| match l.starts_with("accessed =") {
                    true => format!("accessed = 2026-08-{day:02}"),
                    false => l.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        };
        let edited = format!("{}{}{}", &text[..start], changed, &text[end..]);
        self.put(page, &edited);
        self.done("sources")
    }

    /// An edit of blocks (rolls 110-115): a block's text (every page showing it changes), its
    /// translation, a page that starts showing one, a block broken or deleted, the answer of
    /// a block's question (its owner's FAQ entry and JSON-LD change).
    fn block(mut self, page: &Path, known: &Known, roll: usize) -> Edit {
        let step = self.step;
        let signs = PathBuf::from(format!("content/_blocks/{SIGNS}.md"));
        match roll {
            110..=111 => {
                let mut text = self.read(&signs);
                text.push_str(&format!("- {}", sentence(self.rng)));
                if self.rng.one_in(2) && !known.pages.is_empty() {
                    let target = self.rng.pick(&known.pages).clone();
                    text.push_str(&format!(" See [more](@/{target})."));
                }
                text.push('\n');
                self.put(&signs, &text);
                self.done("block body")
            }
            112 => {
                let file = PathBuf::from(format!("content/_blocks/{SIGNS}.es.md"));
                let mut text = self.read(&file);
                text.push_str(&format!("- {}\n", sentence(self.rng)));
                self.put(&file, &text);
                self.done("block translation body")
            }
            113 => {
                let mut text = self.read(page);
                text.push_str(&format!("\nSigns:\n\n{{{{ block \"{SIGNS}\" }}}}\n"));
                self.put(page, &text);
                self.done("block shown on a page")
            }
            114 => {
                if self.rng.one_in(2) {
                    let mut text = self.read(&signs);
                    text.push_str(&format!("- [gone](@/nowhere{step}.md)\n"));
                    self.put(&signs, &text);
                    self.done("block broken link")
                } else {
                    self.remove(&signs);
                    self.done("block deleted")
                }
            }
            _ => {
                let file = PathBuf::from(format!("content/_blocks/{BOXED}.md"));
                let text = self.read(&file);
                let text = format!(
                    "{}{}\n",
                    text.trim_end(),
                    format_args!(" {}", sentence(self.rng))
                );
                self.put(&file, &text);
                self.done("block question")
            }
        }
    }

    /// An edit of the Spanish side (rolls 100-109): a translation's body or title, a new
    /// translation, a translation deleted, or the English page of a translation edited.
    fn translation(mut self, page: &Path, known: &Known, roll: usize) -> Edit {
        let step = self.step;
        let existing: Vec<PathBuf> = known
            .translations
            .iter()
            .filter(|t| t.starts_with('g'))
            .map(|t| Path::new("content").join(t))
            .filter(|t| self.root.join(t).is_file())
            .collect();
        let Some(translated) = (!existing.is_empty()).then(|| self.rng.pick(&existing).clone())
        else {
            return self.new_translation(page);
        };
        match roll {
            100..=102 => {
                let mut text = self.read(&translated);
                text.push_str(&format!("\n{}\n", sentence(self.rng)));
                if self.rng.one_in(2) && !known.pages.is_empty() {
                    let target = self.rng.pick(&known.pages).clone();
                    text.push_str(&format!("\nLea [más](@/{target}).\n"));
                }
                self.put(&translated, &text);
                self.done("translation body")
            }
            103..=104 => {
                let title = format!("\"Título {}\"", self.rng.below(40));
                self.set_key(&translated, "title", &title);
                self.done("translation title")
            }
            105..=106 => self.new_translation(page),
            107 => {
                self.remove(&translated);
                self.done("translation deleted")
            }
            _ => {
                let name = translated.to_string_lossy().replace(".es.md", ".md");
                let source = PathBuf::from(name);
                if roll == 108 {
                    let mut text = self.read(&source);
                    text.push_str(&format!("\n{}\n", sentence(self.rng)));
                    self.put(&source, &text);
                    self.done("translated page body")
                } else {
                    self.set_key(&source, "title", &format!("\"Title {step}\""));
                    self.done("translated page title")
                }
            }
        }
    }

    /// A Spanish translation of `page` (written again if it has one).
    fn new_translation(mut self, page: &Path) -> Edit {
        let step = self.step;
        let name = page.to_string_lossy().replace(".md", ".es.md");
        let text = page_text(self.rng, &format!("Nueva {step}"), 3, &[], &[], "");
        self.put(Path::new(&name), &text);
        self.done("new translation")
    }

    fn new_page(mut self, known: &Known) -> Edit {
        let step = self.step;
        let dirs = super::site::section_dirs();
        let dir = self.rng.pick(&dirs).clone();
        let questions: Vec<String> = (0..self.rng.below(3))
            .map(|k| format!("n{step}-{k}"))
            .collect();
        let mut links = Vec::new();
        if self.rng.one_in(2) && !known.pages.is_empty() {
            links.push(format!("@/{}", self.rng.pick(&known.pages)));
        }
        let weight = self.rng.below(9) as i64;
        let text = page_text(
            self.rng,
            &format!("New {step}"),
            weight,
            &questions,
            &links,
            "",
        );
        let file = Path::new("content").join(&dir).join(format!("n{step}.md"));
        self.put(&file, &text);
        self.done("new page")
    }

    fn move_folder(mut self) -> Edit {
        let mut folders: Vec<PathBuf> = Vec::new();
        for group in ["g0", "g1", "g2"] {
            let dir = self.root.join("content").join(group);
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                if entry.path().is_dir() {
                    folders.push(Path::new("content").join(group).join(entry.file_name()));
                }
            }
        }
        if folders.is_empty() {
            return self.done("folder move (none)");
        }
        folders.sort();
        let from = self.rng.pick(&folders).clone();
        let group = *self.rng.pick(&["g0", "g1", "g2"]);
        let to = Path::new("content")
            .join(group)
            .join(format!("m{}", self.step));
        self.rename(&from, &to);
        self.done("folder move")
    }

    fn asset(mut self, page: &Path) -> Edit {
        let dir = page.parent().unwrap_or(Path::new("content")).to_path_buf();
        let pictures: Vec<PathBuf> = std::fs::read_dir(self.root.join(&dir))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| dir.join(e.file_name()))
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .collect();
        match (pictures.is_empty(), self.rng.below(3)) {
            (false, 0) => {
                let picture = self.rng.pick(&pictures).clone();
                self.remove(&picture);
            }
            (false, 1) => {
                let picture = self.rng.pick(&pictures).clone();
                self.put(&picture, &format!("new bytes {}", self.step));
            }
            _ => {
                let picture = dir.join(format!("a{}.png", self.step));
                self.put(&picture, "a picture");
                let mut text = self.read(page);
                text.push_str(&format!("\n![New](a{}.png)\n", self.step));
                self.put(page, &text);
            }
        }
        self.done("asset")
    }

    fn template(mut self) -> Edit {
        let file = Path::new("themes/clinic/templates/page.html");
        let text = self.read(file);
        let step = self.step;
        let (kind, new) = match self.rng.below(6) {
            0 => (
                "template syntax error",
                text.replacen("{% block main %}", "{% block main %}{% if %}", 1),
            ),
            1 => (
                "template runtime error",
                text.replacen(
                    "<div class=\"prose\">",
                    "<div class=\"prose\">{{ page.extra.nothing.deeper }}",
                    1,
                ),
            ),
            _ => ("template", mark(&text, "<article class=\"page\"", step)),
        };
        self.put(file, &new);
        self.done(kind)
    }

    fn config(mut self) -> Edit {
        let file = Path::new("site.toml");
        let text = self.read(file);
        let step = self.step;
        let (kind, new) = match self.rng.below(5) {
            0 => ("site.toml typo", text.replacen("title =", "titel =", 1)),
            1..=3 => (
                "site.toml clinic",
                replace_line(
                    &text,
                    "phone = ",
                    &format!("phone = \"+1 (555) 010-{:04}\"", step % 10000),
                ),
            ),
            _ => (
                "site.toml title",
                replace_line(&text, "title = ", &format!("title = \"Clinic {step}\"")),
            ),
        };
        self.put(file, &new);
        self.done(kind)
    }

    fn break_page(mut self, page: &Path, known: &Known) -> Edit {
        let text = self.read(page);
        let (kind, new) = match self.rng.below(5) {
            0 => ("front matter typo", text.replacen("title =", "titel =", 1)),
            1 => ("broken link", format!("{text}\n[Gone](@/nowhere.md)\n")),
            2 => (
                "broken raw link",
                format!("{text}\n<a href=\"../../nowhere/\">gone</a>\n"),
            ),
            3 => match known.questions.first() {
                Some(q) => (
                    "duplicate question",
                    format!("{text}\n### Again? {{#{q}}}\n\nYes.\n"),
                ),
                None => ("broken link", format!("{text}\n[Gone](@#nowhere)\n")),
            },
            _ => (
                "raw id removed",
                text.replace("<span id=\"note\">", "<span>"),
            ),
        };
        self.put(page, &new);
        self.done(kind)
    }
}

/// `text` with `anchor` given a `data-mark` attribute for `step` (replacing an earlier one).
fn mark(text: &str, anchor: &str, step: usize) -> String {
    let start = match text.find(anchor) {
        Some(i) => i + anchor.len(),
        None => return text.to_string(),
    };
    let rest = &text[start..];
    let rest = match rest.strip_prefix(" data-mark=\"") {
        Some(after) => &after[after.find('"').map_or(0, |i| i + 1)..],
        None => rest,
    };
    format!("{} data-mark=\"{step}\"{rest}", &text[..start])
}

fn replace_line(text: &str, prefix: &str, line: &str) -> String {
    let mut done = false;
    text.lines()
        .map(|l| {
            if !done && l.starts_with(prefix) {
                done = true;
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}
