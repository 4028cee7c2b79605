//! Stage timings for profiling builds: with `SITEGEN_TIMINGS=1` in the environment, each
//! stage prints how long it took to stderr (used by bench/run.sh when investigating).

use std::time::Instant;

/// Measures one stage; prints `timing: <name> <ms> ms` when it ends, if enabled.
pub struct Stage {
    name: &'static str,
    started: Instant,
    enabled: bool,
}

/// Starts timing a stage.
pub fn stage(name: &'static str) -> Stage {
    Stage {
        name,
        started: Instant::now(),
        enabled: std::env::var_os("SITEGEN_TIMINGS").is_some(),
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if self.enabled {
            eprintln!(
                "timing: {:<12} {:>6} ms",
                self.name,
                self.started.elapsed().as_millis()
            );
        }
    }
}
