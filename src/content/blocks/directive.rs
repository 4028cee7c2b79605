//! The line that shows a block (`{{ block "NAME" }}`, maybe quoted), a line that names one
//! wrongly, and the parts of a heading line (to make a borrowed question a plain heading).

/// What to call a directive's block when a page cannot show it.
pub(super) const DIRECTIVE_HELP: &str =
    "write `{{ block \"NAME\" }}` on a line of its own (NAME is a file of content/_blocks/ without .md)";

/// A line that shows a block: optional spaces and `>` quote marks, then
/// `{{ block "NAME" }}` and nothing else. Gives the quote marks, the name and the offset of
/// `{{` in the line.
pub(crate) fn directive(line: &str) -> Option<(&str, &str, usize)> {
    let content = line.trim_end_matches(['\n', '\r']);
    let start = content.find("{{")?;
    let prefix = &content[..start];
    if !prefix.chars().all(|c| c == ' ' || c == '>' || c == '\t') {
        return None;
    }
    let inside = content[start + 2..].trim_end().strip_suffix("}}")?.trim();
    let quoted = inside.strip_prefix("block")?.trim_start();
    let name = quoted.strip_prefix('"')?.strip_suffix('"')?;
    if name.is_empty() || name.contains('"') {
        return None;
    }
    Some((prefix, name, start))
}

/// Where a line names a block other than as [`directive`] allows (`{{ block name }}`, or
/// text beside it), if it does.
pub(super) fn malformed_directive(line: &str) -> Option<usize> {
    let mut search = 0;
    while let Some(found) = line[search..].find("{{") {
        let at = search + found;
        search = at + 2;
        if line[..at].ends_with('\\') {
            continue;
        }
        if line[at + 2..].trim_start().starts_with("block") {
            return Some(at);
        }
    }
    None
}

/// An ATX heading line split into its marker (`### `), its words and the rest (an `{#id}`
/// attribute and the line break), as lengths.
pub(super) fn heading_parts(line: &str) -> Option<(usize, usize, usize)> {
    let hashes = line.len() - line.trim_start_matches('#').len();
    if !(1..=6).contains(&hashes) || !line[hashes..].starts_with([' ', '\t']) {
        return None;
    }
    let marker = hashes + (line[hashes..].len() - line[hashes..].trim_start().len());
    let content = line[marker..].trim_end();
    let words = match content.ends_with('}') {
        true => content
            .rfind('{')
            .map_or(content.len(), |i| content[..i].trim_end().len()),
        false => content.len(),
    };
    Some((marker, words, line.len() - marker - words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_directive_is_a_line_of_its_own_maybe_quoted() {
        assert_eq!(
            directive("{{ block \"warning-signs\" }}\n"),
            Some(("", "warning-signs", 0))
        );
        assert_eq!(directive("> {{block \"a/b\"}}"), Some(("> ", "a/b", 2)));
        assert_eq!(directive("See {{ block \"x\" }}"), None);
        assert_eq!(directive("{{ block x }}"), None);
        assert_eq!(directive("{{ clinic.phone }}"), None);
        assert_eq!(malformed_directive("See {{ block \"x\" }} here"), Some(4));
        assert_eq!(malformed_directive("\\{{ block \"x\" }}"), None);
    }

    #[test]
    fn heading_parts_keep_the_id_attribute_apart() {
        let line = "### Is it safe? {#safe}\n";
        let (marker, words, rest) = heading_parts(line).unwrap();
        assert_eq!(&line[..marker], "### ");
        assert_eq!(&line[marker..marker + words], "Is it safe?");
        assert_eq!(&line[marker + words..marker + words + rest], " {#safe}\n");
        assert_eq!(heading_parts("#hashtag\n"), None);
    }
}
