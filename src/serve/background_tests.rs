//! Tests of [`super`] (the background worker).

use super::*;
use crate::model::LoadOptions;
use crate::render::RenderOptions;
use crate::serve::engine::Engine;
use crate::serve::test_sites::serve_fixture;

fn today() -> Date {
    Date::new(2026, 11, 28).unwrap_or_else(Date::from_system_clock)
}

/// The number of the version `preview` keeps to fall back on, once it is `number`, or
/// what it is after 20 s.
fn good_after_waiting_for(preview: &Preview, number: u64) -> Option<u64> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let good = preview.current().files.good().map(|g| g.number);
        if good == Some(number) || Instant::now() > deadline {
            return good;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_check_an_edit_interrupted_is_done_when_the_edit_does_not_load() {
    let dir = serve_fixture();
    let root = dir.path();
    let mut engine = Engine::new(
        root.to_path_buf(),
        LoadOptions::default(),
        RenderOptions::default(),
    );
    let preview = Arc::new(Preview::default());
    let first = engine.apply(&Changes::default()).ok().unwrap().generation;
    preview.publish(first.clone(), "/");
    preview.checked(&first, Ok(vec![]));
    let worker = Worker::start(preview.clone(), Some(first), today);
    for round in 0..20 {
        let file = root.join("content/safety.md");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, format!("{text}\nRound {round}.\n")).unwrap();
        let mut changes = Changes::default();
        changes.add(root, &file);
        let version = engine.apply(&changes).ok().unwrap().generation;
        preview.publish(version.clone(), "/");
        worker.submit(Job {
            generation: version.clone(),
            edit: Edit::Structure,
            changes,
            seen: Instant::now(),
            served_after: Duration::ZERO,
        });
        // The next save comes at once (whenever the check may be), and does not load.
        std::thread::sleep(Duration::from_micros(200 * round));
        worker.interrupt();
        worker.resume();
        assert_eq!(
            good_after_waiting_for(&preview, version.number),
            Some(version.number),
            "round {round}: the version was never checked"
        );
    }
}
