//! Link previews, through the real binary on a site in two languages with the clinic theme
//! and `[share]` switched on: every page names its own 1200x630 card (under 150 KB) in its
//! head, drawn from the title the SVG holds, wrapped between words; Spanish pages get Spanish
//! cards; a second build rewrites no PNG and a new title redraws that card only; the icons
//! and manifests are linked and valid, and absent from the offline copy; a page may name its
//! own picture; a site that does not ask draws nothing; the preview draws a card on request.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use common::{copy_dir, Site};

/// What the fixture's site.toml gets to switch the feature on.
const SHARE: &str = "\n[share]\ncards = true\nicons = true\nshort_name = \"Test\"\n";

/// The `languages` fixture with the clinic theme, and `[share]` on.
fn site() -> Site {
    let site = Site::new("languages");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes/clinic"), &site.file("themes/clinic"));
    let config = site.read("site.toml");
    // Top-level keys end at the first table: `[share]` goes before `[clinic]`.
    site.write(
        "site.toml",
        &config.replacen("[clinic]", &format!("{SHARE}\n[clinic]"), 1),
    );
    site
}

/// The `content` of `<meta property|name="{name}" content="...">` in `html`.
fn meta<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let tag = html
        .split('<')
        .find(|t| t.starts_with("meta ") && t.contains(&format!("=\"{name}\"")))?;
    tag.split("content=\"").nth(1)?.split('"').next()
}

/// The `href` of `<link rel="{rel}" ...>` in `html`.
fn link<'a>(html: &'a str, rel: &str) -> Option<&'a str> {
    let tag = html
        .split('<')
        .find(|t| t.starts_with("link ") && t.contains(&format!("rel=\"{rel}\"")))?;
    tag.split("href=\"").nth(1)?.split('"').next()
}

/// The file in `public/` an absolute URL of the site names.
fn file_of(url: &str) -> String {
    let path = url
        .strip_prefix("https://org.github.io/clinic-site/")
        .unwrap_or_else(|| panic!("{url} is not under base_url"));
    format!("public/{path}")
}

/// Every built page's HTML file, by path under public/.
fn pages(site: &Site) -> Vec<String> {
    let mut out = Vec::new();
    for entry in walk(&site.file("public")) {
        let rel = entry
            .strip_prefix(site.path())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if rel.ends_with("index.html") && !rel.contains("/cards/") {
            out.push(rel);
        }
    }
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every PNG in public/, with its inode and modification time.
fn pngs(site: &Site) -> BTreeMap<String, (u64, i64, i64)> {
    walk(&site.file("public"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .map(|p| {
            let m = std::fs::metadata(&p).unwrap();
            let rel = p.strip_prefix(site.path()).unwrap().display().to_string();
            (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
        })
        .collect()
}

fn size_of(bytes: &[u8]) -> (usize, usize) {
    let size = imagesize::blob_size(bytes).expect("a picture");
    (size.width, size.height)
}

#[test]
fn every_page_names_its_own_card_a_1200x630_png_under_150_kb() {
    let site = site();
    site.run(&["build"]).ok();
    let pages = pages(&site);
    assert!(pages.len() >= 5, "{pages:?}");
    let mut cards = BTreeMap::new();
    for page in &pages {
        let html = site.read(page);
        let url = meta(&html, "og:image").unwrap_or_else(|| panic!("{page} has no og:image"));
        assert!(
            url.starts_with("https://"),
            "{page}: og:image {url} is not absolute"
        );
        assert_eq!(meta(&html, "og:image:width"), Some("1200"), "{page}");
        assert_eq!(meta(&html, "og:image:height"), Some("630"), "{page}");
        assert_eq!(
            meta(&html, "twitter:card"),
            Some("summary_large_image"),
            "{page}"
        );
        let title = meta(&html, "og:title").unwrap();
        assert_eq!(
            meta(&html, "og:image:alt"),
            Some(title),
            "{page}: the alt is the title"
        );
        let png = std::fs::read(site.file(&file_of(url))).unwrap();
        assert_eq!(size_of(&png), (1200, 630), "{url}");
        assert!(png.len() < 150 * 1024, "{url} is {} bytes", png.len());
        cards.insert(page.clone(), (url.to_string(), png));
    }
    // Different titles, different cards: no two pages share a URL or the same picture.
    let urls: BTreeSet<&String> = cards.values().map(|(u, _)| u).collect();
    let bytes: BTreeSet<&Vec<u8>> = cards.values().map(|(_, b)| b).collect();
    assert_eq!(urls.len(), cards.len());
    assert_eq!(bytes.len(), cards.len());
    // The Spanish page names a card under its own language.
    let es = site.read("public/es/safety/index.html");
    assert_eq!(
        meta(&es, "og:image"),
        Some("https://org.github.io/clinic-site/cards/es/safety/card.png")
    );
}

/// The text of each `<tspan>` of `svg`.
fn tspans(svg: &str) -> Vec<String> {
    svg.split("<tspan")
        .skip(1)
        .filter_map(|t| {
            t.split_once('>')?
                .1
                .split_once("</tspan>")
                .map(|(text, _)| text)
        })
        .map(|t| t.replace("&#39;", "'").replace("&amp;", "&"))
        .collect()
}

/// The card SVG of the page whose file is `rel` in language `lang`.
fn card_svg(site: &Site, lang: usize, rel: &str) -> String {
    let inputs = sitegen::pipeline::load(site.path(), &Default::default()).unwrap();
    let languages = inputs.languages();
    let s = languages.sites[lang];
    let id = s.page_by_rel(rel).unwrap();
    let kit = sitegen::render::cards::kit::Kit::load(s);
    sitegen::render::cards::card_svg(s, &inputs.templates, &kit, id).unwrap()
}

#[test]
fn the_card_is_drawn_from_an_svg_holding_its_title_wrapped_between_words() {
    let site = site();
    let title = "Can I drive home, eat, or go back to work on the same day as my ketamine session?";
    let safety = site.read("content/safety.md");
    site.write(
        "content/safety.md",
        &safety.replace("title = \"Safety\"", &format!("title = \"{title}\"")),
    );
    let svg = card_svg(&site, 0, "safety.md");
    let lines = tspans(&svg);
    assert!(lines.len() >= 2, "a long title takes lines: {lines:?}");
    // Every word whole, in order: lines joined by a space give the title back.
    assert_eq!(lines.join(" "), title, "{svg}");
    // The Spanish card says the Spanish title and the Spanish label.
    let es = card_svg(&site, 1, "safety.md");
    let es_title = site
        .read("content/safety.es.md")
        .lines()
        .find_map(|l| {
            l.strip_prefix("title = \"")?
                .strip_suffix('"')
                .map(str::to_string)
        })
        .unwrap();
    assert_eq!(tspans(&es).join(" "), es_title);
    assert!(es.contains("INFORMACIÓN PARA PACIENTES"), "{es}");
    assert!(es.contains("xml:lang=\"es\""));
    // And the PNG built from it is the card's size.
    site.run(&["build"]).ok();
    let png = std::fs::read(site.file("public/cards/safety/card.png")).unwrap();
    assert_eq!(size_of(&png), (1200, 630));
}

#[test]
fn a_second_build_rewrites_no_png_and_a_new_title_redraws_only_its_card() {
    let site = site();
    site.run(&["build"]).ok();
    let first = pngs(&site);
    assert!(first.len() >= 8, "{first:?}");
    site.run(&["build"]).ok();
    assert_eq!(pngs(&site), first, "an unchanged build rewrote a PNG");
    let safety = site.read("content/safety.md");
    site.write(
        "content/safety.md",
        &safety.replace("title = \"Safety\"", "title = \"Staying safe\""),
    );
    site.run(&["build"]).ok();
    let third = pngs(&site);
    let changed: Vec<&String> = third.keys().filter(|k| third[*k] != first[*k]).collect();
    assert_eq!(changed, ["public/cards/safety/card.png"]);
}

#[test]
fn icons_and_a_manifest_per_language_are_linked_and_valid() {
    let site = site();
    site.run(&["build"]).ok();
    for (page, manifest_file) in [
        ("public/safety/index.html", "public/manifest.webmanifest"),
        (
            "public/es/safety/index.html",
            "public/es/manifest.webmanifest",
        ),
    ] {
        let html = site.read(page);
        let dir = Path::new(page).parent().unwrap();
        let touch = link(&html, "apple-touch-icon").expect("apple-touch-icon");
        let png = std::fs::read(site.file(dir.join(touch).to_str().unwrap())).unwrap();
        assert_eq!(size_of(&png), (180, 180));
        let href = link(&html, "manifest").expect("manifest link");
        let resolved = dir.join(href);
        assert_eq!(
            std::fs::canonicalize(site.file(resolved.to_str().unwrap())).unwrap(),
            std::fs::canonicalize(site.file(manifest_file)).unwrap()
        );
        let json: serde_json::Value = serde_json::from_str(&site.read(manifest_file)).unwrap();
        assert_eq!(json["short_name"], "Test");
        assert_eq!(json["start_url"], "./");
        assert_eq!(json["scope"], "./");
        assert!(json["theme_color"].as_str().unwrap().starts_with('#'));
        assert!(json["background_color"].as_str().unwrap().starts_with('#'));
        let manifest_dir = Path::new(manifest_file).parent().unwrap();
        let mut sizes = Vec::new();
        for icon in json["icons"].as_array().unwrap() {
            let file = manifest_dir.join(icon["src"].as_str().unwrap());
            let png = std::fs::read(site.file(file.to_str().unwrap())).unwrap();
            let (w, h) = size_of(&png);
            assert_eq!(icon["sizes"], format!("{w}x{h}"));
            sizes.push(w);
        }
        assert_eq!(sizes, [192, 512]);
    }
    let es: serde_json::Value =
        serde_json::from_str(&site.read("public/es/manifest.webmanifest")).unwrap();
    assert_eq!(es["name"], "Clínica de prueba");
    assert_eq!(es["lang"], "es");
}

#[test]
fn the_offline_copy_links_no_manifest_and_draws_no_card() {
    let site = site();
    site.run(&["build", "--offline", "--output", "offline"])
        .ok();
    let html = site.read("offline/safety/index.html");
    assert_eq!(link(&html, "manifest"), None);
    assert_eq!(link(&html, "apple-touch-icon"), None);
    assert!(!site.file("offline/manifest.webmanifest").exists());
    assert!(!site.file("offline/cards").exists());
}

#[test]
fn a_site_that_does_not_ask_draws_nothing_and_names_no_picture() {
    let site = Site::new("languages");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("themes/clinic"), &site.file("themes/clinic"));
    site.run(&["build"]).ok();
    let html = site.read("public/safety/index.html");
    assert_eq!(meta(&html, "og:image"), None);
    assert_eq!(meta(&html, "twitter:card"), Some("summary"));
    assert_eq!(link(&html, "manifest"), None);
    assert!(!site.file("public/cards").exists());
    assert!(!site.file("public/apple-touch-icon.png").exists());
}

#[test]
fn a_page_may_name_its_own_picture_whose_size_is_read_from_the_file() {
    let site = site();
    site.run(&["build"]).ok();
    // Any PNG will do: the 512 icon, as a picture in static/ and beside a page of its own.
    let picture = std::fs::read(site.file("public/icon-512.png")).unwrap();
    std::fs::create_dir_all(site.file("static/photos")).unwrap();
    std::fs::write(site.file("static/photos/clinic.png"), &picture).unwrap();
    let effects = site.read("content/effects.md");
    site.write(
        "content/effects.md",
        &effects.replacen(
            "+++\n",
            "+++\nimage = \"/photos/clinic.png\"\nimage_alt = \"The clinic's front door\"\n",
            1,
        ),
    );
    std::fs::create_dir_all(site.file("content/visit")).unwrap();
    std::fs::write(site.file("content/visit/waiting-room.png"), &picture).unwrap();
    site.write(
        "content/visit/index.md",
        "+++\ntitle = \"Your visit\"\ndescription = \"Where you wait.\"\nimage = \"waiting-room.png\"\nimage_alt = \"Our waiting room\"\nlast_reviewed = 2026-11-01\nreviewed_by = \"Dr. Test\"\n+++\n\nYou wait here.\n",
    );
    site.run(&["build"]).ok();
    let html = site.read("public/effects/index.html");
    assert_eq!(
        meta(&html, "og:image"),
        Some("https://org.github.io/clinic-site/photos/clinic.png")
    );
    assert_eq!(meta(&html, "og:image:width"), Some("512"));
    assert_eq!(meta(&html, "og:image:height"), Some("512"));
    assert_eq!(
        meta(&html, "og:image:alt"),
        Some("The clinic&#39;s front door")
    );
    assert!(!site.file("public/cards/effects/card.png").exists());
    let visit = site.read("public/visit/index.html");
    assert_eq!(
        meta(&visit, "og:image"),
        Some("https://org.github.io/clinic-site/visit/waiting-room.png")
    );
    assert_eq!(meta(&visit, "og:image:alt"), Some("Our waiting room"));
    // A picture that is not there is an error at its line.
    let page = site.read("content/visit/index.md");
    site.write(
        "content/visit/index.md",
        &page.replace("waiting-room.png", "lobby.png"),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("`image = \"lobby.png\"` not found")
            && run.stderr.contains("content/visit/index.md:4"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_preview_draws_a_card_when_asked_for() {
    let site = site();
    let inputs = sitegen::pipeline::load(site.path(), &Default::default()).unwrap();
    let languages = inputs.languages();
    let drawn = sitegen::render::cards::drawn_on_request(
        &languages,
        &inputs.templates,
        "cards/es/card.png",
    )
    .expect("the Spanish home page's card")
    .unwrap();
    assert_eq!(size_of(&drawn), (1200, 630));
    let none = sitegen::render::cards::drawn_on_request(
        &languages,
        &inputs.templates,
        "cards/no-such-page/card.png",
    );
    assert!(none.is_none());
}

#[test]
fn the_paths_the_feature_lists_are_the_files_it_writes() {
    let site = site();
    site.run(&["build"]).ok();
    let inputs = sitegen::pipeline::load(site.path(), &Default::default()).unwrap();
    let languages = inputs.languages();
    let options = sitegen::render::RenderOptions {
        draw_cards: Some(site.file("public")),
        ..Default::default()
    };
    let listed: BTreeSet<String> = (0..languages.sites.len())
        .flat_map(|lang| {
            sitegen::render::cards::paths(&languages, lang, &inputs.templates, &options)
        })
        .collect();
    let written: BTreeSet<String> = walk(&site.file("public"))
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(site.file("public")).unwrap();
            rel.to_string_lossy().into_owned()
        })
        .filter(|p| p.starts_with("cards/") || p.ends_with(".png") || p.ends_with(".webmanifest"))
        .collect();
    assert_eq!(listed, written);
}

#[test]
fn asking_for_cards_from_a_theme_without_a_card_template_or_font_says_what_to_add() {
    let site = Site::new("basic");
    let config = site.read("site.toml");
    site.write("site.toml", &format!("{config}{SHARE}"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("there is no card.svg template")
            && run.stderr.contains("themes/min/cards/ has no font")
            && run.stderr.contains("set cards = false"),
        "{}",
        run.stderr
    );
    assert!(!site.file("public").exists());
}
