//! The generated site the oracle edits: sections in two levels, pages with questions, links to
//! pages and questions, `related`, tags, sources, aliases, clinic values, raw HTML ids, images
//! beside pages, an FAQ hub and a references page, on the clinic theme of this repository and
//! with its site.toml, so in two languages: a Spanish home, FAQ hub and a translation of every
//! fourth page (`p004.es.md`, the same question ids, links that fall back to English pages);
//! blocks (`content/_blocks/`) in both languages shown on some pages, one with a question.
//! Or, for [`Languages::One`], the same site in English only.

use std::path::{Path, PathBuf};

/// A small seeded random number generator (SplitMix64): the same seed, the same site and the
/// same edits.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "patient", "clinic", "visit", "therapy", "session", "calm", "rest", "nurse", "doctor", "plan",
    "dose", "care", "safety", "effect", "mood", "sleep", "family", "ride", "home", "water",
    "quiet", "room", "question", "answer", "review", "team", "blood", "pressure",
];
pub const TAGS: &[&str] = &["sleep", "safety", "cost", "family", "mood", "travel"];

pub fn sentence(rng: &mut Rng) -> String {
    let n = 5 + rng.below(8);
    let words: Vec<&str> = (0..n).map(|_| *rng.pick(WORDS)).collect();
    let text = words.join(" ");
    let mut chars = text.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase()).unwrap_or('A');
    format!("{first}{}.", chars.as_str())
}

/// Sections: `g<i>/` groups, each with `g<i>/s<j>/` sections.
pub const GROUPS: usize = 3;
pub const SECTIONS_PER_GROUP: usize = 3;

pub fn section_dirs() -> Vec<String> {
    let mut dirs = Vec::new();
    for g in 0..GROUPS {
        dirs.push(format!("g{g}"));
        for s in 0..SECTIONS_PER_GROUP {
            dirs.push(format!("g{g}/s{s}"));
        }
    }
    dirs
}

/// A page's front matter and body.
pub fn page_text(
    rng: &mut Rng,
    title: &str,
    weight: i64,
    questions: &[String],
    links: &[String],
    front: &str,
) -> String {
    let mut text = format!(
        "+++\ntitle = \"{title}\"\ndescription = \"About {}.\"\nweight = {weight}\nlast_reviewed = 2026-10-01\nreviewed_by = \"Dr. Test\"\n{front}",
        title.to_lowercase()
    );
    let tags: Vec<String> = (0..rng.below(3))
        .map(|_| format!("\"{}\"", rng.pick(TAGS)))
        .collect();
    text.push_str(&format!("tags = [{}]\n", tags.join(", ")));
    if rng.one_in(4) {
        text.push_str(&format!(
            "\n[[sources]]\ntitle = \"Source {}\"\nurl = \"https://example.org/source-{}\"\npublisher = \"Publisher {}\"\naccessed = 2026-09-{:02}\n",
            rng.below(8),
            rng.below(8),
            rng.below(3),
            1 + rng.below(28)
        ));
    }
    text.push_str("+++\n\n");
    text.push_str(&sentence(rng));
    text.push(' ');
    for link in links {
        text.push_str(&format!("See [this]({link}). "));
    }
    if rng.one_in(5) {
        text.push_str("Call us on {{ clinic.phone }}. ");
    }
    if rng.one_in(6) {
        text.push_str("<span id=\"note\">A note.</span> ");
    }
    text.push_str("\n\n## Overview\n\n");
    text.push_str(&sentence(rng));
    text.push('\n');
    for q in questions {
        text.push_str(&format!(
            "\n### Is {q} a question? {{#{q}}}\n\n{}\n",
            sentence(rng)
        ));
    }
    text
}

/// The languages a generated site is in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Languages {
    /// English and Spanish, as site.toml says.
    Two,
    /// English only: site.toml without its `[[languages]]`, and no Spanish file.
    One,
}

/// Writes the site into `root` and returns the pages' files (relative to `root`).
pub fn generate(root: &Path, pages: usize, rng: &mut Rng, languages: Languages) -> Vec<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes"), &root.join("themes"));
    let mut site_toml = std::fs::read_to_string(repo.join("site.toml")).expect("site.toml");
    if languages == Languages::One {
        let other_languages = site_toml
            .find("\n[[languages]]")
            .expect("site.toml has other languages");
        site_toml.truncate(other_languages + 1);
    }
    std::fs::write(root.join("site.toml"), site_toml).expect("write site.toml");
    let spanish = languages == Languages::Two;
    let content = root.join("content");
    write(&content.join("_index.md"), "+++\ntitle = \"Home\"\ndescription = \"The test clinic.\"\n+++\n\nWelcome. Read [the questions](@/faq.md) and [our references](@/about/references.md).\n");
    write(&content.join("faq.md"), "+++\ntitle = \"Questions\"\ndescription = \"Every question.\"\nweight = 90\ntemplate = \"faq.html\"\nfaq = false\n+++\n\nAll our questions.\n");
    write(
        &content.join("about/_index.md"),
        "+++\ntitle = \"About\"\ndescription = \"About us.\"\nweight = 95\n+++\n\nWho we are.\n",
    );
    write(&content.join("about/references.md"), "+++\ntitle = \"References\"\ndescription = \"Our sources.\"\ntemplate = \"references.html\"\nfaq = false\n+++\n\nThe sources we use.\n");
    let dirs = section_dirs();
    for (i, dir) in dirs.iter().enumerate() {
        let title = format!("Section {dir}");
        write(
            &content.join(dir).join("_index.md"),
            &format!("+++\ntitle = \"{title}\"\ndescription = \"Pages of {dir}.\"\nweight = {i}\n+++\n\nThe pages of {dir}.\n"),
        );
    }
    if spanish {
        write(&content.join("_index.es.md"), "+++\ntitle = \"Inicio\"\ndescription = \"La clínica de prueba.\"\n+++\n\nBienvenido. Lea [las preguntas](@/faq.md).\n");
        write(&content.join("faq.es.md"), "+++\ntitle = \"Preguntas\"\ndescription = \"Todas las preguntas.\"\nweight = 90\ntemplate = \"faq.html\"\nfaq = false\n+++\n\nTodas nuestras preguntas.\n");
    }
    write_blocks(&content, spanish);
    let mut files = Vec::new();
    let mut question_ids: Vec<String> = Vec::new();
    for n in 0..pages {
        let dir = &dirs[n % dirs.len()];
        let rel = format!("{dir}/p{n:03}.md");
        let questions: Vec<String> = (0..rng.below(3)).map(|k| format!("q{n}-{k}")).collect();
        // Links only to pages and questions written before, so every link leads somewhere.
        let mut links = Vec::new();
        if n > 0 && rng.one_in(2) {
            let target = rng.below(n);
            links.push(format!("@/{}/p{target:03}.md", dirs[target % dirs.len()]));
        }
        if !question_ids.is_empty() && rng.one_in(2) {
            links.push(format!("@#{}", rng.pick(&question_ids)));
        }
        let front = if n > 0 && rng.one_in(10) {
            format!(
                "related = [\"@/{}/p000.md\"]\naliases = [\"old/p{n}/\"]\n",
                dirs[0]
            )
        } else {
            String::new()
        };
        let mut text = page_text(
            rng,
            &format!("Page {n}"),
            (n % 7) as i64,
            &questions,
            &links,
            &front,
        );
        // Blocks: the warning signs in a care card on every tenth page, the boxed warning
        // (whose question is p000's) on every fifteenth.
        if n % 10 == 0 {
            text.push_str(&format!("\n> [!CAUTION]\n> {{{{ block \"{SIGNS}\" }}}}\n"));
        }
        if n % 15 == 0 {
            text.push_str(&format!("\n{{{{ block \"{BOXED}\" }}}}\n"));
        }
        if rng.one_in(8) {
            let image = format!("{dir}/pic{n}.png");
            write(&content.join(&image), "png bytes");
            text.push_str(&format!("\n![A picture](pic{n}.png)\n"));
        }
        write(&content.join(&rel), &text);
        if spanish && n % 4 == 0 {
            let links: Vec<String> = links.into_iter().take(1).collect();
            let mut text = page_text(
                rng,
                &format!("Página {n}"),
                (n % 7) as i64,
                &questions,
                &links,
                "",
            );
            if n % 20 == 0 {
                text.push_str(&format!("\n{{{{ block \"{SIGNS}\" }}}}\n"));
            }
            if n == 0 {
                text.push_str(&format!("\n{{{{ block \"{BOXED}\" }}}}\n"));
            }
            write(&content.join(translation_of(&rel)), &text);
        }
        question_ids.extend(questions);
        files.push(PathBuf::from("content").join(rel));
    }
    files
}

/// The block of warning signs, and the block with a question (which `g0/p000.md` owns).
pub const SIGNS: &str = "signs";
pub const BOXED: &str = "boxed";

/// The blocks' files, in English and (when `spanish`) Spanish.
fn write_blocks(content: &Path, spanish: bool) {
    let blocks = content.join("_blocks");
    write(
        &blocks.join(format!("{SIGNS}.md")),
        "- breathing that is very slow\n- chest pain: call {{ clinic.phone }}\n- read [the questions](@/faq.md)\n",
    );
    write(
        &blocks.join(format!("{BOXED}.md")),
        "+++\nquestions_page = \"@/g0/p000.md\"\n+++\n### Is the boxed warning clear? {#boxed-q}\n\nThe label warns about sedation.\n",
    );
    if !spanish {
        return;
    }
    write(
        &blocks.join(format!("{SIGNS}.es.md")),
        "- respiración muy lenta\n- dolor en el pecho: llame al {{ clinic.phone }}\n- lea [las preguntas](@/faq.md)\n",
    );
    write(
        &blocks.join(format!("{BOXED}.es.md")),
        "### ¿Es clara la advertencia? {#boxed-q}\n\nLa etiqueta advierte sobre la sedación.\n",
    );
}

/// The Spanish translation's file of a page's file: `g0/p004.md` -> `g0/p004.es.md`.
pub fn translation_of(rel: &str) -> String {
    format!("{}.es.md", rel.trim_end_matches(".md"))
}

pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
