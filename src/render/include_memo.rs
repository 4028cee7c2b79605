//! Includes rendered once and copied after: a partial whose output depends only on values many
//! pages share (the footer, the menus, the search box) is interpreted once per distinct set of
//! those values, and every later page gets a copy of that output.
//!
//! When templates load, each `{% include "p" %}` whose partial `p` can be remembered is
//! rewritten as `{{ __sitegen_include_N() }}`, a call of a function registered for `p`. On each
//! call the function looks up, through Tera's own lookup at that place (loop variables, `set`
//! variables, the page's context), every top-level variable `p` and the partials it includes
//! name ([`tera::Tera::get_template_variables`]). If it has rendered `p` with the same values
//! before, it returns that output; otherwise it renders `p` with a context of just those values
//! and keeps the output. The output is what the include writes: an include sees nothing else,
//! and renders under the includer's autoescaping, which is the partial's own (only templates
//! that all escape alike are rewritten).
//!
//! A partial naming a variable whose value differs on every page (`page`, `canonical`, the
//! page's `languages`, ...: [`crate::render::context::PER_PAGE`]) stays an include, as its own
//! remembered includes are still remembered.
//!
//! Values are the same when they are one shared Tera value (maps and lists: `site`, `t` and
//! each header menu are made once and shared by every page) or equal in kind, text and safety
//! (strings, numbers, booleans). A partial
//! that calls a function or uses components is left as an include too: its output may depend
//! on more than its variables. A partial whose values
//! change on most pages stops being remembered after a few pages, and is rendered each time.

use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};

use rustc_hash::{FxHashMap, FxHasher};
use tera::{Kwargs, State, TeraResult, Value};

/// The prefix of the functions includes become.
const FUNCTION_PREFIX: &str = "__sitegen_include_";

/// Kept outputs of one partial before the oldest are let go (all at once).
const MAX_KEPT: usize = 512;

/// Calls after which a partial whose outputs are mostly new stops being remembered.
const TRIAL_CALLS: u32 = 64;

/// Extensions Tera escapes values in (as `templates::load` sets it).
pub(crate) const AUTOESCAPED: [&str; 4] = [".html", ".htm", ".xml", ".svg"];

/// The templates the functions render partials with: the rewritten ones themselves, so that
/// a partial's own remembered includes are remembered too (set once they are compiled; held
/// weakly, as they hold the functions).
pub(crate) type RenderedWith = Arc<OnceLock<Weak<tera::Tera>>>;

/// Rewrites the includes of rememberable partials in `sources` (template name -> text) and
/// registers a function for each such partial on `fast`, which will render through
/// `rendered_with` once it is set to `fast` compiled. `original` is the templates as written,
/// for what each partial names; a partial naming one of `per_page` (variables whose value
/// differs on every page) stays an include. Returns the rewritten sources.
pub(crate) fn rewrite(
    original: &tera::Tera,
    sources: &[(String, String)],
    per_page: &[&str],
    fast: &mut tera::Tera,
    rendered_with: &RenderedWith,
) -> Vec<(String, String)> {
    let escapes = |name: &str| AUTOESCAPED.iter().any(|ext| name.ends_with(ext));
    let all_alike = sources
        .windows(2)
        .all(|pair| escapes(&pair[0].0) == escapes(&pair[1].0));
    if !all_alike {
        return sources.to_vec();
    }
    let mut functions: FxHashMap<String, String> = FxHashMap::default();
    let mut rewritten = Vec::with_capacity(sources.len());
    for (name, text) in sources {
        let text = rewrite_includes(text, |partial| {
            if let Some(function) = functions.get(partial) {
                return Some(function.clone());
            }
            let variables = rememberable(original, sources, per_page, partial)?;
            let function = format!("{FUNCTION_PREFIX}{}", functions.len());
            fast.register_function(
                function.clone(),
                RememberedInclude::new(rendered_with.clone(), partial, variables),
            );
            functions.insert(partial.to_string(), function.clone());
            Some(function)
        });
        rewritten.push((name.clone(), text));
    }
    rewritten
}

/// The variables of `partial` (with those of the partials it includes), if it can be
/// remembered: it names none of `per_page`, calls no function and uses no component.
fn rememberable(
    tera: &tera::Tera,
    sources: &[(String, String)],
    per_page: &[&str],
    partial: &str,
) -> Option<Vec<String>> {
    let variables = tera.get_template_variables(partial).ok()?;
    if per_page.iter().any(|name| variables.contains(name)) {
        return None;
    }
    // The partial and every partial it includes, as far as the sources show.
    let mut seen = vec![partial.to_string()];
    let mut at = 0;
    while let Some(name) = seen.get(at).cloned() {
        at += 1;
        let (_, text) = sources.iter().find(|(n, _)| *n == name)?;
        if calls_or_components(text) || reads_magic(text) {
            return None;
        }
        rewrite_includes(text, |inner| {
            if !seen.iter().any(|s| s == inner) {
                seen.push(inner.to_string());
            }
            None
        });
    }
    let mut variables: Vec<String> = variables.into_iter().map(str::to_string).collect();
    variables.sort();
    Some(variables)
}

/// Whether a template's text names one of the variables Tera keeps apart from the others
/// (`__tera_context`, the whole context), which [`tera::Tera::get_template_variables`] does
/// not list.
fn reads_magic(text: &str) -> bool {
    text.contains("__tera")
}

/// Whether a template's text may call a function (`name(` right after an opening delimiter or
/// an operator) or use a component: read loosely, so that anything doubtful counts.
fn calls_or_components(text: &str) -> bool {
    let mut in_code = false;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        match (b, next) {
            (b'{', Some(b'{' | b'%')) => in_code = true,
            (b'}' | b'%', Some(b'}')) => in_code = false,
            (b'(', _) if in_code => {
                // A filter's arguments (`| default(value=x)`) are fine; anything else is a call.
                let before = text[..i].trim_end_matches(|c: char| c.is_alphanumeric() || c == '_');
                if !before.trim_end().ends_with('|') {
                    return true;
                }
            }
            _ => {}
        }
    }
    text.contains("component") || text.contains("{{<") || text.contains("{%<")
}

/// `text` with each `{% include "p" %}` for which `function(p)` names a function replaced by
/// a call of it, keeping the tag's whitespace control. Comments and `raw` blocks are copied
/// as they are.
fn rewrite_includes(text: &str, mut function: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    let bytes = text.as_bytes();
    while let Some(open) = memchr::memchr(b'{', &bytes[at..]).map(|i| at + i) {
        let close_mark = match bytes.get(open + 1) {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let Some(close) = find_close(text, open + 2, close_mark) else {
            break;
        };
        let end = close + 2;
        at = end;
        if close_mark != "%}" {
            continue;
        }
        let inner = &text[open + 2..close];
        let (trim_before, inner) = match inner.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let (trim_after, inner) = match inner.strip_suffix('-') {
            Some(rest) => (true, rest),
            None => (false, inner),
        };
        let words = inner.trim();
        if words == "raw" {
            // Up to the end of `{% endraw %}`, copied as it is.
            match find_endraw(text, end) {
                Some(after) => at = after,
                None => break,
            }
            continue;
        }
        let Some(name) = include_name(words) else {
            continue;
        };
        let Some(call) = function(name) else {
            continue;
        };
        out.push_str(&text[copied..open]);
        out.push_str(if trim_before { "{{-" } else { "{{" });
        out.push(' ');
        out.push_str(&call);
        out.push_str("() ");
        out.push_str(if trim_after { "-}}" } else { "}}" });
        copied = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// Where `mark` closes a tag opened before `from`, skipping quoted strings.
fn find_close(text: &str, from: usize, mark: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut quote = None;
    let mut i = from;
    while i + 1 < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if mark != "#}" && matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if text[i..].starts_with(mark) => return Some(i),
            None => {}
        }
        i += 1;
    }
    None
}

/// The end of the `{% endraw %}` tag after `from`.
fn find_endraw(text: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(open) = text[at..].find("{%").map(|i| at + i) {
        let close = text[open..].find("%}").map(|i| open + i)?;
        let words = text[open + 2..close].trim_matches('-').trim();
        if words == "endraw" {
            return Some(close + 2);
        }
        at = close + 2;
    }
    None
}

/// The partial an `include "p"` tag's words name (a plain quoted name, nothing after it).
fn include_name(words: &str) -> Option<&str> {
    let rest = words.strip_prefix("include")?;
    let rest = rest.strip_prefix(char::is_whitespace)?.trim();
    let quote = rest.chars().next()?;
    if !matches!(quote, '"' | '\'' | '`') || rest.len() < 2 || !rest.ends_with(quote) {
        return None;
    }
    let name = &rest[1..rest.len() - 1];
    (!name.contains(quote)).then_some(name)
}

/// The function an include of one partial becomes.
struct RememberedInclude {
    tera: RenderedWith,
    partial: String,
    variables: Vec<String>,
    kept: Mutex<Kept>,
    calls: AtomicU32,
    new_outputs: AtomicU32,
    given_up: AtomicBool,
}

/// Outputs by the hash of their variables' values, each with those values.
type Kept = FxHashMap<u64, Vec<(Vec<Value>, Value)>>;

impl RememberedInclude {
    fn new(tera: RenderedWith, partial: &str, variables: Vec<String>) -> Self {
        RememberedInclude {
            tera,
            partial: partial.to_string(),
            variables,
            kept: Mutex::new(Kept::default()),
            calls: AtomicU32::new(0),
            new_outputs: AtomicU32::new(0),
            given_up: AtomicBool::new(false),
        }
    }

    /// Renders the partial with just `values`, as an include would.
    fn render(&self, values: &[Value]) -> TeraResult<Value> {
        let mut context = tera::Context::new();
        for (name, value) in self.variables.iter().zip(values) {
            if !value.is_undefined() {
                context.insert_value(name.clone(), value.clone());
            }
        }
        let tera = self
            .tera
            .get()
            .and_then(Weak::upgrade)
            .ok_or_else(|| tera::Error::message("the templates are being replaced"))?;
        let out = tera.render(&self.partial, &context)?;
        Ok(Value::safe_string(&out))
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl tera::Function<TeraResult<Value>> for RememberedInclude {
    fn call(&self, _: Kwargs, state: &State) -> TeraResult<Value> {
        let values: Vec<Value> = self
            .variables
            .iter()
            .map(|name| {
                state
                    .get::<Value>(name)
                    .map(|v| v.unwrap_or(Value::undefined()))
            })
            .collect::<TeraResult<_>>()?;
        if self.given_up.load(Ordering::Relaxed) {
            return self.render(&values);
        }
        let calls = self.calls.fetch_add(1, Ordering::Relaxed) + 1;
        let hash = hash_of(&values);
        let found = self.kept().get(&hash).and_then(|outputs| {
            outputs
                .iter()
                .find(|(kept, _)| kept.iter().zip(&values).all(|(a, b)| same(a, b)))
                .map(|(_, output)| output.clone())
        });
        if let Some(output) = found {
            return Ok(output);
        }
        let new_outputs = self.new_outputs.fetch_add(1, Ordering::Relaxed) + 1;
        if calls >= TRIAL_CALLS && new_outputs * 2 > calls {
            // Most calls have needed a new output: remembering costs more than it saves.
            self.given_up.store(true, Ordering::Relaxed);
            self.kept().clear();
            return self.render(&values);
        }
        let output = self.render(&values)?;
        let mut kept = self.kept();
        if kept.values().map(Vec::len).sum::<usize>() >= MAX_KEPT {
            kept.clear();
        }
        kept.entry(hash).or_default().push((values, output.clone()));
        Ok(output)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A hash of `values` that [`same`] values share: maps and lists by where they live,
/// everything else by kind and text.
fn hash_of(values: &[Value]) -> u64 {
    let mut h = FxHasher::default();
    for v in values {
        if let Some(map) = v.as_map() {
            std::ptr::addr_of!(*map).hash(&mut h);
        } else if let Some(items) = v.as_array() {
            (items.as_ptr(), items.len()).hash(&mut h);
        } else {
            v.name().hash(&mut h);
            if let Some(text) = v.as_str() {
                text.hash(&mut h);
            }
        }
    }
    h.finish()
}

/// Whether `a` and `b` render alike in every template: maps and lists when they are one
/// shared value (kept values stay alive with their output, so no other value can take their
/// place in memory), anything else when equal in kind, text and safety.
fn same(a: &Value, b: &Value) -> bool {
    if let (Some(x), Some(y)) = (a.as_map(), b.as_map()) {
        return std::ptr::eq(x, y);
    }
    if let (Some(x), Some(y)) = (a.as_array(), b.as_array()) {
        return std::ptr::eq(x, y);
    }
    if a.kind() != b.kind() || a.is_map() || a.is_array() || b.is_map() || b.is_array() {
        return false;
    }
    if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
        return x == y && a.is_safe() == b.is_safe();
    }
    // Numbers of one kind, booleans, none, undefined, bytes: equal values write alike.
    a == b
}

#[cfg(test)]
mod tests;
