//! Rebuilding the site in memory after a change, for the preview.
//!
//! First version: every change rebuilds the whole site in memory with
//! [`crate::build::build_in_memory`], the same code path as `sitegen build`, so the preview
//! can never disagree with the published site.

use std::path::PathBuf;

use crate::build::{build_in_memory, Built};
use crate::diagnostics::Diagnostic;
use crate::render::RenderOptions;
use crate::site::LoadOptions;

use super::watch::Changes;

/// Rebuilds one site, keeping what it can between rebuilds.
pub struct Engine {
    root: PathBuf,
    load: LoadOptions,
    render: RenderOptions,
}

impl Engine {
    pub fn new(root: PathBuf, load: LoadOptions, render: RenderOptions) -> Self {
        Engine { root, load, render }
    }

    /// The site after `changes`, or every problem that stops it from building.
    pub fn rebuild(&mut self, _changes: &Changes) -> Result<Built, Vec<Diagnostic>> {
        build_in_memory(&self.root, &self.load, &self.render)
    }
}
