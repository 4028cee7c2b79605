//! The scanner on real, odd and broken markup.

use super::*;

/// A tag as the tests look at it: lowercase names, decoded values.
#[derive(Debug)]
struct TagSeen {
    name: String,
    attrs: Vec<(String, String)>,
    range: Range<usize>,
    contents: Option<Range<usize>>,
}

impl TagSeen {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn tags(html: &str) -> Vec<TagSeen> {
    let mut tags = Tags::new(html.as_bytes());
    let mut out = Vec::new();
    while let Some(tag) = tags.next_tag() {
        out.push(TagSeen {
            name: tag.name().into_owned(),
            attrs: tag
                .attrs
                .iter()
                .map(|a| {
                    let name = String::from_utf8_lossy(a.name).to_ascii_lowercase();
                    (name, a.value().into_owned())
                })
                .collect(),
            range: tag.range.clone(),
            contents: tag.contents.clone(),
        });
    }
    out
}

fn names(html: &str) -> Vec<String> {
    tags(html).into_iter().map(|t| t.name).collect()
}

#[test]
fn reads_names_attributes_and_ranges() {
    let html = "<p>Hi</p><IMG src=\"a.png\" alt='A b' hidden><a href=x>y</a>";
    let t = tags(html);
    assert_eq!(names(html), ["p", "img", "a"]);
    assert_eq!(t[1].attr("src"), Some("a.png"));
    assert_eq!(t[1].attr("alt"), Some("A b"));
    assert_eq!(t[1].attr("hidden"), Some(""));
    assert_eq!(t[2].attr("href"), Some("x"));
    assert_eq!(
        &html[t[1].range.clone()],
        "<IMG src=\"a.png\" alt='A b' hidden>"
    );
}

#[test]
fn attributes_are_read_in_any_quoting_and_spelling() {
    let html = "<A HREF = \"x/#a\" ID=top data-x='y>z' title=\"it's\" alt='say \"hi\"' \
                checked\tclass=a/b><br/><img/src=p.png/><p \"odd\" id=q =x>";
    let t = tags(html);
    assert_eq!(names(html), ["a", "br", "img", "p"]);
    let a = &t[0];
    assert_eq!(a.attr("href"), Some("x/#a"));
    assert_eq!(a.attr("id"), Some("top"));
    assert_eq!(a.attr("data-x"), Some("y>z"));
    assert_eq!(a.attr("title"), Some("it's"));
    assert_eq!(a.attr("alt"), Some("say \"hi\""));
    assert_eq!(a.attr("checked"), Some(""));
    assert_eq!(
        a.attr("class"),
        Some("a/b"),
        "an unquoted value keeps its `/`"
    );
    assert!(t[1].attrs.is_empty());
    assert_eq!(t[2].attr("src"), Some("p.png/"));
    assert_eq!(t[3].attr("\"odd\""), Some(""));
    assert_eq!(t[3].attr("=x"), Some(""));
    assert_eq!(t[3].attr("id"), Some("q"));
}

#[test]
fn the_first_of_a_repeated_attribute_is_the_one_kept() {
    let mut scanner = Tags::new(b"<a href=one HREF=two>");
    let tag = scanner.next_tag().unwrap();
    assert_eq!(tag.value("href").as_deref(), Some("one"));
    assert_eq!(tag.attrs.len(), 2, "both are there for who wants them");
}

#[test]
fn values_have_their_character_references_decoded_and_their_place_kept() {
    let html = "<a href=\"?a=1&amp;b=&#50;\" title=K&ouml;ln>";
    let mut scanner = Tags::new(html.as_bytes());
    let tag = scanner.next_tag().unwrap();
    assert_eq!(tag.value("href").as_deref(), Some("?a=1&b=2"));
    assert_eq!(tag.value("title").as_deref(), Some("K\u{F6}ln"));
    let href = tag.attr("href").unwrap();
    assert_eq!(href.raw_value, b"?a=1&amp;b=&#50;");
    assert_eq!(&html[href.value_range()], "?a=1&amp;b=&#50;");
    assert!(matches!(href.value(), Cow::Owned(_)));
    assert!(matches!(tag.value("title"), Some(Cow::Owned(_))));
}

#[test]
fn skips_comments_and_the_insides_of_scripts() {
    let html = "<!-- <form> --><script type=\"application/ld+json\">{\"a\": \"<iframe>\"}</SCRIPT><style>p{}</style><b>";
    let t = tags(html);
    assert_eq!(names(html), ["script", "style", "b"]);
    assert_eq!(&html[t[1].contents.clone().unwrap()], "p{}");
}

#[test]
fn comments_declarations_and_end_tags_yield_nothing() {
    let html = "<!DOCTYPE html><?xml version=\"1.0\"?><!--><a id=1><!---><a id=2>\
                <!-- -- <form> - --!><a id=3></a title=\"<form>\"></ x><form>";
    let ids: Vec<String> = tags(html)
        .iter()
        .filter_map(|t| t.attr("id").map(str::to_string))
        .collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(names(html), ["a", "a", "a", "form"]);
    assert!(names("<!-- <a href=x> ").is_empty(), "a comment left open");
    assert!(names("a < b, a <= b, <3 <> </>").is_empty());
}

#[test]
fn scripts_and_styles_end_only_at_their_own_end_tag() {
    let html = "<script>if (a</b) x = '</scripts>';</script ><a id=in><style media=print>a{}";
    let t = tags(html);
    assert_eq!(names(html), ["script", "a", "style"]);
    assert_eq!(
        &html[t[0].contents.clone().unwrap()],
        "if (a</b) x = '</scripts>';"
    );
    assert_eq!(
        &html[t[2].contents.clone().unwrap()],
        "a{}",
        "open to the end"
    );
    assert_eq!(find_end_tag(b"a</b></SCRIPT>", 0, "script"), Some(5));
    assert_eq!(find_end_tag(b"</script", 0, "script"), Some(0));
    assert_eq!(find_end_tag(b"</scripts></scrip>", 0, "script"), None);
    assert!(tags("<script src=x").iter().all(|t| t.contents.is_none()));
}

#[test]
fn a_tag_cut_off_by_the_end_of_the_text_keeps_what_it_had() {
    let html = "<p><a href='x/#b' id=\"c";
    let t = tags(html);
    assert_eq!(names(html), ["p", "a"]);
    assert_eq!(t[1].attr("href"), Some("x/#b"));
    assert_eq!(t[1].attr("id"), Some("c"));
    assert_eq!(t[1].range, 3..html.len());
}

#[test]
fn broken_markup_and_template_syntax_do_not_panic() {
    for html in [
        "<a href=\"x",
        "<",
        "<a",
        "a < b",
        "<a =\"x\"é>",
        "<a =é>",
        "<div {% if x %}class=\"y\"{% endif %}>",
        "<é>",
    ] {
        let _ = tags(html);
    }
    let t = tags("<div {% if x %}class=\"y\"{% endif %}><form>");
    let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["div", "form"]);
    assert_eq!(t[0].attr("%}class"), Some("y"));
}

#[test]
fn any_cut_of_tricky_markup_at_any_byte_scans_without_panicking() {
    let html = "<!DOCTYPE html><!-- <a href=no> --><A HREF = \"ö/#é\" id='&amp;&#x1F600;&ouml' \
                {% if x %}class=\"y\"{% endif %}/><script>var s = '</scr' + 'ipt>';</SCRIPT >\
                <style>a{}</style\n><img src=p.png alt=\"é\"><p \"x\" =y><!--><? ?></ x></p \"a>\"><br";
    let bytes = html.as_bytes();
    for start in 0..bytes.len() {
        for end in start..=bytes.len() {
            let mut scanner = Tags::new(&bytes[start..end]);
            while let Some(tag) = scanner.next_tag() {
                let _ = tag.name();
                for attr in tag.attrs {
                    let _ = (attr.value(), attr.value_range());
                }
            }
            for_each_tag_and_attr(&bytes[start..end], |found| {
                if let TagOrAttr::Attr(attr) = found {
                    let _ = attr.value();
                }
            });
        }
    }
}

#[test]
fn the_link_checks_stream_of_attributes_is_the_tags_attributes() {
    let html = "<!DOCTYPE html><html lang=en><head><script>var a = '<a href=no>';</script>\
                <style>a{}</style><link rel=icon href=\"a.png\"></head><body><!-- <b id=x> -->\
                <h2 id='q&amp;a'>Q</h2><a href=../x/#y class=\"c\">x</a><img src=\"p.png\" alt";
    let (mut streamed, mut streamed_tags) = (Vec::new(), Vec::new());
    for_each_tag_and_attr(html.as_bytes(), |found| match found {
        TagOrAttr::Tag(name) => streamed_tags.push((name, streamed.len())),
        TagOrAttr::Attr(attr) => streamed.push(attr),
    });
    let mut tags = Tags::new(html.as_bytes());
    let (mut gathered, mut gathered_tags) = (Vec::new(), Vec::new());
    while let Some(tag) = tags.next_tag() {
        gathered_tags.push((tag.raw_name, gathered.len()));
        gathered.extend(tag.attrs.iter().cloned());
    }
    assert_eq!(streamed, gathered);
    assert_eq!(
        streamed_tags, gathered_tags,
        "each tag before its attributes"
    );
    let names: Vec<&[u8]> = streamed.iter().map(|a| a.name).collect();
    let expected: [&[u8]; 8] = [
        b"lang", b"rel", b"href", b"id", b"href", b"class", b"src", b"alt",
    ];
    assert_eq!(names, expected);
}
