//! Helpers for integration tests: copy a fixture site into a temporary folder and run the
//! real `sitegen` binary on it.
// Each test file that includes this module compiles its own copy and uses part of it; rustc
// checks each copy alone, so the rest would read as unused in every one of them.
#![allow(dead_code)]

pub mod desk;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixture site copied into a fresh temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// Copies `tests/fixtures/<case>`; sites without `themes/` get the minimal test theme.
    pub fn new(case: &str) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        copy_dir(&fixtures.join(case), dir.path());
        if !dir.path().join("themes").exists() {
            copy_dir(&fixtures.join("_theme"), &dir.path().join("themes/min"));
        }
        Site { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.file(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.file(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `sitegen <args>` in the site's folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_sitegen"))
            .args(args)
            .current_dir(self.path())
            .env("SITEGEN_TODAY", "2026-11-22")
            .output()
            .expect("run sitegen");
        Run::from(output)
    }
}

/// What a run of sitegen printed and returned.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.code, 0,
            "sitegen failed:\n{}\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The next line from `lines` that contains `text`, waiting at most `wait` in all (None
/// when none came): for reading a running server's output.
pub fn next_line_with(
    lines: &std::sync::mpsc::Receiver<String>,
    text: &str,
    wait: std::time::Duration,
) -> Option<String> {
    let deadline = std::time::Instant::now() + wait;
    while let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) if line.contains(text) => return Some(line),
            Ok(_) => {}
            Err(_) => break,
        }
    }
    None
}

/// Every file under `dir` with its bytes, for "nothing changed" assertions.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}

/// The version `check` asks a translation to record.
pub fn version_asked(stdout: &str, file: &str) -> String {
    let after = stdout
        .split(&format!("--> {file}"))
        .nth(1)
        .unwrap_or_else(|| panic!("no finding for {file}:\n{stdout}"));
    // In the help (the line quoted above it may show the version recorded).
    after
        .split("= help:")
        .nth(1)
        .unwrap_or_else(|| panic!("no help for {file}:\n{stdout}"))
        .split("source_version = \"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string()
}
