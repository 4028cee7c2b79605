//! Fitting a page's title on its card: the title is wrapped at spaces (never inside a word)
//! to the card's title width, measured with the advance widths of the font the card is drawn
//! in, at the largest size that fits in its lines; a title too long even at the smallest
//! size ends its last line with "…" after a whole word.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// The width the title may take on the card, in pixels (1200 less the margins).
pub(crate) const TITLE_WIDTH: f32 = 1040.0;
/// The baseline of the title's first line is this far below the top of its block, plus the
/// font size.
const TITLE_TOP: f32 = 250.0;
/// Line height as a multiple of the font size.
const LEADING: f32 = 1.18;
/// Sizes tried, largest first, each with the most lines it may take.
const SIZES: [(f32, usize); 3] = [(76.0, 2), (66.0, 3), (56.0, 4)];

/// Widths of text in one font, per pixel of font size.
pub(crate) struct Measure {
    /// Advance width of each character met so far, in ems.
    advances: std::collections::HashMap<char, f32>,
    fallback: f32,
}

impl Measure {
    /// Measures with the font in `data` (a TrueType or OpenType file); `None` if it cannot be
    /// read as one.
    pub(crate) fn new(data: &[u8], text: &str) -> Option<Measure> {
        let font = FontRef::new(data).ok()?;
        let charmap = font.charmap();
        let metrics = font.glyph_metrics(Size::new(1.0), LocationRef::default());
        let fallback = 0.6;
        let advances = text
            .chars()
            .chain(['…', ' '])
            .map(|c| {
                let width = charmap
                    .map(c)
                    .and_then(|glyph| metrics.advance_width(glyph))
                    .unwrap_or(fallback);
                (c, width)
            })
            .collect();
        Some(Measure { advances, fallback })
    }

    /// The width of `text` at `size` pixels.
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| self.advances.get(&c).copied().unwrap_or(self.fallback))
            .sum::<f32>()
            * size
    }
}

/// A title laid out on the card.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TitleLayout {
    pub lines: Vec<String>,
    pub size: f32,
    /// The baseline of each line.
    pub baselines: Vec<f32>,
}

/// Lays `title` out: the largest size at which it fits its lines, else the smallest with its
/// last line ending in "…".
pub(crate) fn fit_title(title: &str, measure: &Measure) -> TitleLayout {
    let fits = |line: &String, size: f32| measure.width(line, size) <= TITLE_WIDTH;
    for (size, max_lines) in SIZES {
        let lines = wrap(title, |line| measure.width(line, size) <= TITLE_WIDTH);
        if lines.len() <= max_lines && lines.iter().all(|l| fits(l, size)) {
            return placed(balanced(title, lines, size, measure), size);
        }
    }
    let (size, max_lines) = SIZES[SIZES.len() - 1];
    let mut lines = wrap(title, |line| measure.width(line, size) <= TITLE_WIDTH);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        let last = lines.pop().unwrap_or_default();
        let mut words: Vec<&str> = last.split(' ').collect();
        // Whole words are dropped until the line and its "…" fit (one word always stays).
        while words.len() > 1 && !fits(&format!("{}…", words.join(" ")), size) {
            words.pop();
        }
        lines.push(format!("{}…", words.join(" ")));
    }
    placed(lines, size)
}

/// The same number of lines as `lines` (the title wrapped as wide as the card allows), made
/// as even as they can be, so that no word is left alone on the last line: the narrowest
/// width that still needs no more lines, found by halving.
fn balanced(title: &str, lines: Vec<String>, size: f32, measure: &Measure) -> Vec<String> {
    if lines.len() < 2 {
        return lines;
    }
    let count = lines.len();
    let (mut low, mut high) = (0.0_f32, TITLE_WIDTH);
    let mut best = lines;
    for _ in 0..12 {
        let width = (low + high) / 2.0;
        let tried = wrap(title, |line| measure.width(line, size) <= width);
        if tried.len() <= count && tried.iter().all(|l| measure.width(l, size) <= width) {
            high = width;
            best = tried;
        } else {
            low = width;
        }
    }
    best
}

fn placed(lines: Vec<String>, size: f32) -> TitleLayout {
    let baselines = (0..lines.len())
        .map(|i| (TITLE_TOP + size + i as f32 * size * LEADING).round())
        .collect();
    TitleLayout {
        lines,
        size,
        baselines,
    }
}

/// Splits `text` into lines at spaces, as many words on each as `fits` allows (a word longer
/// than a line gets a line of its own: words are never split).
pub(crate) fn wrap(text: &str, fits: impl Fn(&str) -> bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if line.is_empty() {
            line.push_str(word);
            continue;
        }
        let longer = format!("{line} {word}");
        if fits(&longer) {
            line = longer;
        } else {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_breaks_only_between_words() {
        let lines = wrap("Qué esperar en su primera visita a la clínica", |l| {
            l.chars().count() <= 16
        });
        assert_eq!(
            lines,
            ["Qué esperar en", "su primera", "visita a la", "clínica"]
        );
        let long = wrap("Supercalifragilistic is long", |l| l.len() <= 10);
        assert_eq!(long, ["Supercalifragilistic", "is long"]);
    }

    #[test]
    fn every_word_of_the_title_is_kept_whole() {
        let title = "Esketamine nasal spray: how a session goes and who can have it";
        let lines = wrap(title, |l| l.len() <= 20);
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split(' ')).collect();
        assert_eq!(words, title.split(' ').collect::<Vec<_>>());
    }
}
