//! Care cards, the NHS pattern: a markdown alert (`> [!NOTE]`, GitHub's syntax, which
//! pulldown-cmark parses) becomes a card at one of three levels patients recognise, each with
//! a visible heading that is also its accessible name:
//!
//! | alert | level | heading | added under the content |
//! |---|---|---|---|
//! | `[!NOTE]`, `[!TIP]` | information | "Good to know" | |
//! | `[!IMPORTANT]`, `[!WARNING]` | urgent | "Contact us soon if:" | the clinic's phone, hours and after-hours line (site.toml) |
//! | `[!CAUTION]` | emergency | "Call 911 now if:" | a 911 call link and the emergency room |
//!
//! An alert whose first paragraph is bold text only (`> **Call 911 if you:**`) uses that text
//! as its heading instead. The heading is one level below the heading it sits under, so the
//! page's outline has no gaps. Contact details come from site.toml, so every urgent card gives
//! the same, current route; the words are the theme's strings in the page's language
//! (`care_card_*`, see [`crate::theme_strings`]; they may hold HTML).

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use crate::config::Clinic;
use crate::theme_strings::Strings;

/// What a card says besides the editor's words: its level, heading and action in the page's
/// language (the theme's strings), and the clinic's numbers (site.toml).
#[derive(Clone, Copy)]
pub struct CardText<'a> {
    /// The clinic's values: the phone numbers an urgent card shows.
    pub clinic: &'a Clinic,
    /// The theme's words, in the page's language: the cards' titles.
    pub strings: &'a Strings,
}

impl CardText<'static> {
    /// sitegen's English words and no clinic details: for markdown rendered outside a site.
    pub fn plain() -> CardText<'static> {
        static CLINIC: std::sync::LazyLock<Clinic> = std::sync::LazyLock::new(Clinic::default);
        static STRINGS: std::sync::LazyLock<Strings> =
            std::sync::LazyLock::new(crate::theme_strings::english);
        CardText {
            clinic: &CLINIC,
            strings: &STRINGS,
        }
    }
}

/// How urgent a card is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// `> [!NOTE]`, `> [!TIP]`: something to know.
    Information,
    /// `> [!IMPORTANT]`, `> [!WARNING]`: call the clinic.
    Urgent,
    /// `> [!CAUTION]`: call 911 or go to the emergency room.
    Emergency,
}

impl Level {
    pub(crate) fn of(kind: BlockQuoteKind) -> Level {
        match kind {
            BlockQuoteKind::Note | BlockQuoteKind::Tip => Level::Information,
            BlockQuoteKind::Important | BlockQuoteKind::Warning => Level::Urgent,
            BlockQuoteKind::Caution => Level::Emergency,
        }
    }

    /// Its class suffix, which also names its strings (`care_card_urgent_level`, ...).
    fn name(self) -> &'static str {
        match self {
            Level::Information => "information",
            Level::Urgent => "urgent",
            Level::Emergency => "emergency",
        }
    }
}

/// Replaces each alert of `events` (a page's rendered event stream) with a care card, its
/// heading's id `{id_prefix}{n}` for the page's `n`th card.
pub(crate) fn rewrite<'a>(
    events: Vec<Event<'a>>,
    text: &CardText<'_>,
    id_prefix: &str,
) -> Vec<Event<'a>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::BlockQuote(Some(_)))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len() + 8);
    let mut heading_level = 1u8;
    let mut cards = 0;
    let mut open: Vec<Option<Level>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Heading { level, .. }) => heading_level = *level as u8,
            Event::Start(Tag::BlockQuote(kind)) => {
                let Some(kind) = *kind else {
                    open.push(None);
                    out.push(events[i].clone());
                    i += 1;
                    continue;
                };
                let level = Level::of(kind);
                cards += 1;
                let (heading, used) = custom_heading(&events[i + 1..]);
                let tag = (heading_level + 1).clamp(2, 6);
                let class = level.name();
                let word = text.strings.get(&format!("care_card_{class}_level"));
                let id = format!("{id_prefix}{cards}");
                out.push(Event::Html(CowStr::from(format!(
                    "<section class=\"care-card care-card-{class}\" aria-labelledby=\"{id}\">\n\
                     <h{tag} class=\"care-card-heading\" id=\"{id}\"><span class=\"care-card-level\">{word}<span class=\"visually-hidden\">:</span></span> "
                ))));
                match heading {
                    Some(inline) => out.extend(inline.iter().cloned()),
                    None => out.push(Event::Text(CowStr::from(
                        text.strings
                            .get(&format!("care_card_{class}_heading"))
                            .to_string(),
                    ))),
                }
                out.push(Event::Html(CowStr::from(format!(
                    "</h{tag}>\n<div class=\"care-card-body\">\n"
                ))));
                open.push(Some(level));
                i += 1 + used;
                continue;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if let Some(Some(level)) = open.pop() {
                    out.push(Event::Html(CowStr::from(format!(
                        "</div>\n{}</section>\n",
                        action(level, text)
                    ))));
                    i += 1;
                    continue;
                }
            }
            _ => {}
        }
        out.push(events[i].clone());
        i += 1;
    }
    out
}

/// When `after` (the events after an alert's start) opens with a paragraph of bold text only,
/// that text's events, and how many events the paragraph took.
fn custom_heading<'e, 'a>(after: &'e [Event<'a>]) -> (Option<&'e [Event<'a>]>, usize) {
    let [Event::Start(Tag::Paragraph), Event::Start(Tag::Strong), rest @ ..] = after else {
        return (None, 0);
    };
    let Some(end) = rest
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Strong)))
    else {
        return (None, 0);
    };
    match rest.get(end + 1) {
        Some(Event::End(TagEnd::Paragraph)) => (Some(&rest[..end]), end + 4),
        _ => (None, 0),
    }
}

/// What a card of `level` says to do, under its content.
fn action(level: Level, text: &CardText<'_>) -> String {
    let (clinic, strings) = (text.clinic, text.strings);
    let call = |number: &str| {
        let digits: String = number
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        format!(
            "<a href=\"tel:{digits}\">{}</a>",
            crate::html::escape_html(number)
        )
    };
    match level {
        Level::Information => String::new(),
        Level::Urgent if clinic.phone.is_empty() => String::new(),
        Level::Urgent => {
            let mut text = strings.fill("care_card_call_us", &[("phone", &call(&clinic.phone))]);
            if !clinic.hours.is_empty() {
                text.push_str(&format!(" ({})", crate::html::escape_html(&clinic.hours)));
            }
            text.push('.');
            if !clinic.after_hours_phone.is_empty() {
                text.push(' ');
                text.push_str(&strings.fill(
                    "care_card_after_hours",
                    &[("phone", &call(&clinic.after_hours_phone))],
                ));
            }
            format!("<p class=\"care-card-action\">{text}</p>\n")
        }
        Level::Emergency => format!(
            "<p class=\"care-card-action\">{}</p>\n",
            strings.get("care_card_emergency_action")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{html, Options, Parser};

    fn render(markdown: &str) -> String {
        let strings = crate::theme_strings::english();
        let clinic = Clinic {
            phone: "+1 (555) 010-0199".into(),
            hours: "Monday to Friday, 8 am to 5 pm".into(),
            after_hours_phone: "+1 (555) 010-0188".into(),
            ..Clinic::default()
        };
        let events: Vec<Event<'_>> = Parser::new_ext(markdown, Options::ENABLE_GFM).collect();
        let mut out = String::new();
        let text = CardText {
            clinic: &clinic,
            strings: &strings,
        };
        html::push_html(&mut out, rewrite(events, &text, "care-card-").into_iter());
        out
    }

    #[test]
    fn each_alert_becomes_a_card_of_its_level_named_by_its_heading() {
        let html = render("## Warning signs\n\n> [!CAUTION]\n> - chest pain\n\n> [!WARNING]\n> - a fever\n\n> [!TIP]\n> Drink water.\n\n> A plain quote.\n");
        assert!(html.contains("<section class=\"care-card care-card-emergency\" aria-labelledby=\"care-card-1\">\n<h3 class=\"care-card-heading\" id=\"care-card-1\"><span class=\"care-card-level\">Emergency<span class=\"visually-hidden\">:</span></span> Call 911 now if:</h3>"), "{html}");
        assert!(html.contains("<li>chest pain</li>"));
        assert!(
            html.contains("<a href=\"tel:911\">Call 911</a> or go to the nearest emergency room.")
        );
        assert!(html.contains("care-card-urgent\" aria-labelledby=\"care-card-2\""));
        assert!(html.contains("Call us on <a href=\"tel:+15550100199\">+1 (555) 010-0199</a> (Monday to Friday, 8 am to 5 pm). Outside these hours, call <a href=\"tel:+15550100188\">+1 (555) 010-0188</a>."), "{html}");
        assert!(html.contains("care-card-information\" aria-labelledby=\"care-card-3\""));
        assert!(html.contains("Good to know</h3>"));
        assert!(
            html.contains("<blockquote>\n<p>A plain quote.</p>\n</blockquote>"),
            "{html}"
        );
        assert_eq!(
            html.matches("<section").count(),
            html.matches("</section>").count()
        );
    }

    #[test]
    fn a_bold_first_line_is_the_heading_and_levels_follow_the_outline() {
        let html = render("> [!CAUTION]\n> **Call 911 or go to the ER if you:**\n>\n> - faint\n");
        assert!(html.contains("<h2 class=\"care-card-heading\" id=\"care-card-1\"><span class=\"care-card-level\">Emergency<span class=\"visually-hidden\">:</span></span> Call 911 or go to the ER if you:</h2>"), "{html}");
        assert!(!html.contains("<strong>"), "{html}");
        assert!(html.contains("<li>faint</li>"));
    }
}
