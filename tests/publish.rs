//! Publishing, as a host, a crawler and an editor see it: the files a build leaves for GitHub
//! Pages, the offline copy, the 404 page at any depth, and a crawl of the whole clinic site
//! served under the project path `/clinic-site/` (every search result included). The search
//! itself is tested in tests/search.rs.

mod publish_support;

use std::collections::{HashMap, VecDeque};
use std::path::Path;

use publish_support::{build, fixture, get, join, read, serve, sitegen};
use sitegen::linkcheck::scan;
use sitegen::render::search::Single;

/// The ids of a page, as the link scanner collects them.
type IdSet = sitegen::linkcheck::Ids;

const BASE: &str = "https://org.github.io/clinic-site/";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The search index of the site built in `out`, read back from its manifest and shards.
fn index_of(out: &Path) -> Single {
    sitegen::render::search::read(out).expect("the search files read back")
}

fn html_files(out: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// The `content` of `<meta property|name="key" content="...">` in `html`.
fn meta(html: &str, key: &str) -> Option<String> {
    let at = html
        .find(&format!("property=\"{key}\""))
        .or_else(|| html.find(&format!("name=\"{key}\"")))?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + 9;
    let end = rest[start..].find('"')?;
    Some(rest[start..start + end].to_string())
}

fn attribute(html: &str, name: &str) -> Option<String> {
    let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_string())
}

#[test]
fn a_build_leaves_sitemap_robots_and_nojekyll() {
    let site = fixture("publish_basic");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);

    let sitemap = read(out.join("sitemap.xml"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .collect();
    assert_eq!(
        locs,
        [
            "https://org.github.io/clinic-site/",
            "https://org.github.io/clinic-site/guides/",
            "https://org.github.io/clinic-site/guides/first-visit/",
            "https://org.github.io/clinic-site/side-effects/",
        ],
        "every page once, absolute; no alias, no 404"
    );
    // lastmod: the later of last_reviewed and updated; none when a page has neither.
    assert!(sitemap.contains("side-effects/</loc><lastmod>2026-03-05</lastmod>"));
    assert!(sitemap.contains("guides/</loc><lastmod>2025-12-01</lastmod>"));
    assert!(sitemap.contains("first-visit/</loc></url>"));

    let robots = read(out.join("robots.txt"));
    assert!(robots.contains("User-agent: *"));
    assert!(robots.contains(&format!("Sitemap: {BASE}sitemap.xml")));
    assert!(out.join(".nojekyll").is_file());
    assert!(
        !out.join("CNAME").exists(),
        "no CNAME without cname in site.toml"
    );
}

#[test]
fn cname_from_site_toml_is_written_and_checked() {
    let site = fixture("publish_basic");
    let toml = site.path().join("site.toml");
    let original = read(&toml);
    std::fs::write(&toml, format!("cname = \"clinic.example.org\"\n{original}")).unwrap();
    let out = site.path().join("public");
    build(
        site.path(),
        &out,
        &["--base-url", "https://clinic.example.org/"],
    );
    assert_eq!(read(out.join("CNAME")), "clinic.example.org\n");
    assert!(
        read(out.join("robots.txt")).contains("Sitemap: https://clinic.example.org/sitemap.xml")
    );

    std::fs::write(
        &toml,
        format!("cname = \"https://clinic.example.org/\"\n{original}"),
    )
    .unwrap();
    let failed = sitegen(site.path(), &["build", "--output", out.to_str().unwrap()]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("site.toml:1"), "{stderr}");
    assert!(stderr.contains("not a bare domain name"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
    assert_eq!(
        read(out.join("CNAME")),
        "clinic.example.org\n",
        "a failed build leaves the previous output"
    );
}

#[test]
fn the_offline_copy_names_index_html_and_leaves_out_hosting_files() {
    let site = fixture("publish_basic");
    let out = site.path().join("offline");
    build(site.path(), &out, &["--offline"]);
    for name in ["sitemap.xml", "robots.txt", "CNAME", ".nojekyll"] {
        assert!(!out.join(name).exists(), "{name} in the offline copy");
    }
    assert!(out.join("search-index.js").is_file());
    let page = read(out.join("guides/first-visit/index.html"));
    assert!(page.contains("href=\"../../side-effects/index.html#can-i-drive-home-afterwards\""));
    assert!(page.contains("href=\"../../index.html\""));
    for file in html_files(&out) {
        let html = read(&file);
        for link in scan(&html).links.to_vec() {
            let path = link.split('#').next().unwrap_or("");
            assert!(
                link.contains("://") || path.is_empty() || !path.ends_with('/'),
                "{}: `{link}` would open a folder from disk",
                file.display()
            );
        }
    }
    let alias = read(out.join("old-first-visit/index.html"));
    assert!(
        alias.contains("url=../guides/first-visit/index.html"),
        "{alias}"
    );
    assert!(!out.join("questions.json").exists(), "no feed unless asked");
    let asked = site.path().join("offline-with-feed");
    build(site.path(), &asked, &["--offline", "--feed"]);
    assert!(asked.join("questions.json").is_file());
}

#[test]
fn the_questions_feed_lists_every_question_with_its_answer_and_absolute_url() {
    let dir = clinic_build(&[]);
    let out = dir.path().join("site");
    let feed: serde_json::Value =
        serde_json::from_str(&read(out.join("questions.json"))).expect("questions.json is JSON");
    assert_eq!(feed["version"], 1);
    assert_eq!(
        feed["$schema"],
        format!("{BASE}questions.schema.json"),
        "the schema is published beside it"
    );
    assert!(out.join("questions.schema.json").is_file());
    let index = index_of(&out);
    let questions = feed["questions"].as_array().unwrap();
    let pages_and_questions = index.docs.len();
    assert!(questions.len() > 40 && questions.len() < pages_and_questions);
    for q in questions {
        let url = q["url"].as_str().unwrap();
        let id = q["id"].as_str().unwrap();
        assert!(
            url.starts_with(BASE) && url.ends_with(&format!("#{id}")),
            "{q:#}"
        );
        assert!(q["question"].as_str().unwrap().ends_with('?'), "{q:#}");
        assert!(q["answer"].as_str().unwrap().len() > 40, "{q:#}");
        assert!(q["page"]["url"].as_str().unwrap().starts_with(BASE));
        assert!(q["last_reviewed"].is_string());
        assert!(q["old_ids"].is_array());
        // The answer's anchor is on the page the URL names.
        let path = url[BASE.len()..].split('#').next().unwrap();
        let html = read(out.join(path).join("index.html"));
        assert!(scan(&html).ids.contains(id), "{url}");
    }
}

#[test]
fn the_404_page_links_absolutely_under_the_base_path() {
    let site = fixture("publish_basic");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let links = scan(&read(out.join("404.html"))).links.to_vec();
    assert!(links.len() >= 4, "{links:?}");
    for link in &links {
        assert!(
            link.starts_with("/clinic-site/") || link.starts_with("https://"),
            "`{link}` in 404.html would break at depth"
        );
    }
    assert!(links.contains(&"/clinic-site/style.css".to_string()));
}

#[test]
fn the_404_page_is_not_medical_content_in_its_structured_data() {
    let dir = clinic_build(&[]);
    let out = dir.path().join("site");
    let graph = |html: &str| -> serde_json::Value {
        let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    };
    let types = |json: &serde_json::Value| -> Vec<String> {
        json["@graph"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["@type"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        types(&graph(&read(out.join("404.html")))),
        ["MedicalClinic"]
    );
    let safety = graph(&read(out.join("safety/index.html")));
    assert!(types(&safety).contains(&"MedicalWebPage".to_string()));
    assert!(safety["@graph"][0]["lastReviewed"].is_string());
}

/// Builds the clinic site itself for the project path.
fn clinic_build(args: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut all = vec!["--base-url", BASE];
    all.extend_from_slice(args);
    build(repo(), &dir.path().join("site"), &all);
    dir
}

#[test]
fn every_clinic_page_has_canonical_description_and_open_graph() {
    let dir = clinic_build(&[]);
    let out = dir.path().join("site");
    let mut checked = 0;
    for file in html_files(&out) {
        let html = read(&file);
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let canonical = html
            .split("<link rel=\"canonical\" href=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or_else(|| panic!("{}: no canonical link", file.display()));
        assert!(canonical.starts_with(BASE), "{canonical}");
        assert_eq!(meta(&html, "og:url").as_deref(), Some(canonical));
        for key in [
            "description",
            "og:title",
            "og:description",
            "og:type",
            "og:site_name",
            "og:locale",
        ] {
            let value = meta(&html, key).unwrap_or_else(|| panic!("{}: no {key}", file.display()));
            assert!(!value.trim().is_empty(), "{}: empty {key}", file.display());
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} pages");
    let home = read(out.join("index.html"));
    assert_eq!(meta(&home, "og:type").as_deref(), Some("website"));
    assert_eq!(meta(&home, "og:url").as_deref(), Some(BASE));
}

/// The site path a URL of the published site is served at, if it is one.
fn own_url(url: &str) -> Option<String> {
    url.strip_prefix("https://org.github.io")
        .map(str::to_string)
}

#[test]
fn the_clinic_site_crawled_under_the_project_path_has_no_broken_link() {
    let dir = clinic_build(&[]);
    let out = dir.path().join("site");
    let port = serve(&out, "/clinic-site/");

    let mut pages: HashMap<String, IdSet> = HashMap::new();
    let mut queue = VecDeque::from(["/clinic-site/".to_string()]);
    let mut to_check: Vec<(String, String, String)> = Vec::new(); // (from, path, fragment)
    let mut assets = 0;
    while let Some(path) = queue.pop_front() {
        if pages.contains_key(&path) {
            continue;
        }
        let response = get(port, &path);
        assert_eq!(response.status, 200, "{path}");
        let html = response.text();
        let found = scan(&html);
        pages.insert(path.clone(), found.ids.clone());
        let mut hrefs = found.links.to_vec();
        if let Some(refresh) = html
            .split("http-equiv=\"refresh\" content=\"0; url=")
            .nth(1)
        {
            hrefs.push(refresh.split('"').next().unwrap_or("").to_string());
        }
        hrefs.extend(meta(&html, "og:url"));
        hrefs.extend(attribute(&html, "data-index"));
        hrefs.extend(attribute(&html, "data-engine"));
        for href in hrefs {
            if href.starts_with("mailto:") || href.starts_with("tel:") {
                continue;
            }
            let local = if href.contains("://") || href.starts_with("//") {
                match own_url(&href) {
                    Some(p) => p,
                    None => continue,
                }
            } else {
                href.clone()
            };
            let (target, fragment) =
                join(&path, &local).unwrap_or_else(|| panic!("{path}: `{href}` leaves the host"));
            assert!(
                target.starts_with("/clinic-site/"),
                "{path}: `{href}` leaves the project path"
            );
            let is_page = target.ends_with('/') || target.ends_with(".html");
            if is_page {
                queue.push_back(target.clone());
                to_check.push((path.clone(), target, fragment));
            } else {
                let r = get(port, &target);
                assert_eq!(r.status, 200, "{path}: `{href}` -> {target}");
                assets += 1;
            }
        }
        // Nothing the browser loads comes from another host.
        for link in &found.links {
            let loads = html.contains(&format!("src=\"{link}\""))
                || html.contains(&format!("rel=\"stylesheet\" href=\"{link}\""));
            assert!(
                !(loads && (link.contains("://") || link.starts_with("//"))),
                "{path} loads `{link}` from another host"
            );
        }
    }
    // Search results: every indexed path is a page, every anchor an element on it.
    let index = index_of(&out);
    for doc in 0..index.docs.len() {
        let path = index.path(doc);
        let (target, fragment) = join("/clinic-site/", path).unwrap();
        if !pages.contains_key(&target) {
            assert_eq!(get(port, &target).status, 200, "search result {path}");
            pages.insert(target.clone(), scan(&get(port, &target).text()).ids);
        }
        to_check.push(("search-index.js".into(), target, fragment));
    }
    for (from, target, fragment) in &to_check {
        let ids = &pages[target];
        assert!(
            fragment.is_empty() || ids.contains(fragment.as_str()),
            "{from}: #{fragment} is not on {target}"
        );
    }
    assert!(pages.len() > 1, "crawled only {} pages", pages.len());
    assert!(assets >= 2, "no stylesheet or script fetched");
    // The sitemap names only pages that are served.
    let sitemap = get(port, "/clinic-site/sitemap.xml").text();
    for loc in sitemap.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap();
        let path = own_url(url).expect("sitemap URL on the site's host");
        assert!(pages.contains_key(&path), "sitemap names {url}, not linked");
        assert_eq!(get(port, &path).status, 200);
    }
    eprintln!(
        "crawled {} pages, {} links with fragments or pages, {} assets",
        pages.len(),
        to_check.len(),
        assets
    );
}

#[test]
fn the_404_page_is_styled_and_linked_at_any_depth() {
    let dir = clinic_build(&[]);
    let out = dir.path().join("site");
    let port = serve(&out, "/clinic-site/");
    for depth in [
        "/clinic-site/nope",
        "/clinic-site/a/b/c/",
        "/clinic-site/a/b/c/d.html",
    ] {
        let response = get(port, depth);
        assert_eq!(response.status, 404, "{depth}");
        let html = response.text();
        assert!(html.contains("Page not found"), "{depth}");
        let found = scan(&html);
        let mut stylesheets = 0;
        for href in found.links.to_vec() {
            if href.contains(':') {
                continue;
            }
            if let Some(id) = href.strip_prefix('#') {
                assert!(found.ids.contains(id), "404 page: `{href}` has no target");
                continue;
            }
            let (target, fragment) = join(depth, &href).unwrap();
            let r = get(port, &target);
            assert_eq!(r.status, 200, "404 at {depth}: `{href}` -> {target}");
            if r.content_type == "text/css" {
                stylesheets += 1;
            }
            if !fragment.is_empty() && target != depth {
                assert!(scan(&r.text()).ids.contains(&fragment), "{href}");
            }
        }
        assert!(stylesheets >= 1, "404 at {depth} has no working stylesheet");
        for script in ["data-index", "data-engine"] {
            let src = attribute(&html, script).expect("search box on the 404 page");
            let (target, _) = join(depth, &src).unwrap();
            assert_eq!(get(port, &target).status, 200, "{script} from {depth}");
        }
    }
}

#[test]
fn an_alias_redirects_to_its_page_under_the_project_path() {
    let site = fixture("publish_basic");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let port = serve(&out, "/clinic-site/");
    let from = "/clinic-site/old-first-visit/";
    let html = get(port, from).text();
    let target = html
        .split("http-equiv=\"refresh\" content=\"0; url=")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a meta refresh");
    let (path, _) = join(from, target).unwrap();
    assert_eq!(path, "/clinic-site/guides/first-visit/");
    let page = get(port, &path);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<h1>Your first visit</h1>"));
    assert!(html.contains(&format!(
        "rel=\"canonical\" href=\"{BASE}guides/first-visit/\""
    )));
}
