//! The answers of earlier runs: `.sitegen-external-cache.json` in the site's folder, so a
//! re-run asks only about URLs whose answer is older than `max_age_days`.
//!
//! One serde type, [`CacheFile`], is read and written. A missing, unreadable or corrupt file,
//! or one of another format version, is an empty cache: the run asks about everything and
//! writes a good file. URLs no longer on the site are dropped when it is written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::outcome::Outcome;

/// The cache's file name, in the site's folder.
pub(crate) const FILE_NAME: &str = ".sitegen-external-cache.json";

/// The format of the file; another number is read as an empty cache.
const VERSION: u32 = 1;

/// The file as written.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct CacheFile {
    pub version: u32,
    /// Per request URL: its answer and when it was asked.
    pub urls: BTreeMap<String, CachedAnswer>,
}

/// One URL's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct CachedAnswer {
    /// When it was asked, in seconds since 1970 (UTC).
    pub checked: u64,
    pub outcome: Outcome,
}

/// The cache of the site under a folder, as of a moment.
pub(crate) struct Cache {
    path: PathBuf,
    file: CacheFile,
    now: u64,
    max_age: Duration,
}

impl Cache {
    /// Reads the cache of the site under `root` (an empty one when there is none).
    pub(crate) fn open(root: &Path, now: SystemTime, max_age_days: u32) -> Cache {
        let path = root.join(FILE_NAME);
        let file = std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| serde_json::from_str::<CacheFile>(&text).ok())
            .filter(|file| file.version == VERSION)
            .unwrap_or_default();
        Cache {
            path,
            file,
            now: seconds(now),
            max_age: Duration::from_secs(u64::from(max_age_days) * 86_400),
        }
    }

    /// The answer about `url` when it is younger than the maximum age.
    pub(crate) fn fresh(&self, url: &str) -> Option<&Outcome> {
        let entry = self.file.urls.get(url)?;
        let age = self.now.checked_sub(entry.checked)?;
        (age < self.max_age.as_secs()).then_some(&entry.outcome)
    }

    /// Records an answer asked now.
    pub(crate) fn put(&mut self, url: &str, outcome: Outcome) {
        let entry = CachedAnswer {
            checked: self.now,
            outcome,
        };
        self.file.urls.insert(url.to_string(), entry);
    }

    /// Writes the cache, keeping only the URLs in `keep` (those on the site now). Written
    /// beside and then renamed over the old file, so an interrupted run leaves a whole file.
    pub(crate) fn save(mut self, keep: &std::collections::HashSet<&str>) -> std::io::Result<()> {
        self.file.version = VERSION;
        self.file.urls.retain(|url, _| keep.contains(url.as_str()));
        let text = serde_json::to_string_pretty(&self.file).map_err(std::io::Error::other)?;
        let partial = self.path.with_extension("json.partial");
        std::fs::write(&partial, text + "\n")?;
        std::fs::rename(&partial, &self.path)
    }
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn an_answer_is_reused_until_it_is_older_than_the_maximum_age() {
        let dir = tempfile::tempdir().unwrap();
        let mut cache = Cache::open(dir.path(), at(1_000_000), 7);
        cache.put("https://a.org/", Outcome::Fine);
        cache.put("https://gone.org/", Outcome::Fine);
        cache
            .save(&["https://a.org/"].into_iter().collect())
            .unwrap();

        let six_days_later = Cache::open(dir.path(), at(1_000_000 + 6 * 86_400), 7);
        assert_eq!(six_days_later.fresh("https://a.org/"), Some(&Outcome::Fine));
        assert_eq!(
            six_days_later.fresh("https://gone.org/"),
            None,
            "not on the site any more"
        );
        let eight_days_later = Cache::open(dir.path(), at(1_000_000 + 8 * 86_400), 7);
        assert_eq!(eight_days_later.fresh("https://a.org/"), None);
    }

    #[test]
    fn a_missing_corrupt_or_older_cache_is_an_empty_one() {
        let dir = tempfile::tempdir().unwrap();
        assert!(Cache::open(dir.path(), at(10), 7).file.urls.is_empty());
        for text in [
            "{not json",
            r#"{"version": 0, "urls": {"https://a.org/": {"checked": 5, "outcome": {"kind": "fine"}}}}"#,
            r#"{"https://a.org/": "ok"}"#,
        ] {
            std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
            let cache = Cache::open(dir.path(), at(10), 7);
            assert_eq!(cache.fresh("https://a.org/"), None, "{text}");
            cache.save(&Default::default()).unwrap();
            let written = std::fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
            assert!(written.contains("\"version\": 1"), "{written}");
        }
    }
}
