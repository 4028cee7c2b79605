//! `sitegen check --publish`: the gate before a site goes live. It refuses (exit 1) while
//! anything is left to confirm ([`super::to_confirm`]) or `check` finds an error, and lists
//! all of it at once. With `--sample` it lets a site whose values are not confirmed through,
//! since `build --sample` then marks every page as a sample (a banner, `noindex`, no
//! MedicalClinic JSON-LD), and says so.

use serde::Serialize;

use super::to_confirm;
use super::CheckReport;
use crate::diagnostics::plural;

/// What the gate decided, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GateVerdict {
    /// Whether the site may be published.
    pub allowed: bool,
    /// Whether it was let through as a sample site (`--sample`).
    pub sample: bool,
    /// For an editor: why.
    pub reason: String,
}

/// The gate's verdict on a checked site; `sample` when `--sample` was given.
pub fn verdict(report: &CheckReport, sample: bool) -> GateVerdict {
    let errors = report.errors();
    let left = to_confirm::summary(&report.to_confirm);
    if errors > 0 {
        let mut reason = format!(
            "refused: `sitegen check` finds {errors} error{} (above); fix them first",
            plural(errors)
        );
        if let (Some(left), false) = (&left, sample) {
            reason.push_str(&format!(", and confirm the {left}"));
        }
        return GateVerdict {
            allowed: false,
            sample,
            reason,
        };
    }
    match (left, sample) {
        (None, false) => GateVerdict {
            allowed: true,
            sample,
            reason: "nothing is left to confirm: the site may be published".into(),
        },
        (None, true) => GateVerdict {
            allowed: true,
            sample,
            reason: "nothing is left to confirm; it is published as a sample only because \
                     --sample was given: remove it to publish the clinic's site"
                .into(),
        },
        (Some(left), false) => GateVerdict {
            allowed: false,
            sample,
            reason: format!(
                "refused: {left}, listed above. Once the clinic confirms each value, write it \
                 in site.toml as plain text; fix what cannot be real. To publish a sample \
                 site instead, give --sample to both `check --publish` and `build`."
            ),
        },
        (Some(left), true) => GateVerdict {
            allowed: true,
            sample,
            reason: format!(
                "let through as a sample site (--sample): {left} remain, so `build --sample` \
                 gives every page a \"sample site, not a real clinic\" banner in its language, \
                 asks search engines not to index it (noindex) and writes no MedicalClinic \
                 JSON-LD"
            ),
        },
    }
}
