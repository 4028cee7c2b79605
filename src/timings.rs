//! Stage timings for profiling builds: with `SITEGEN_TIMINGS=1` in the environment, each
//! stage prints how long it took, and the memory resident and CPU time used when it ended, to
//! stderr (used by bench/run.sh when investigating).

use std::time::Instant;

/// Measures one stage; prints `timing: <name> <ms> ms` when it ends, if enabled.
pub(crate) struct Stage {
    name: &'static str,
    started: Instant,
    enabled: bool,
}

/// Starts timing a stage.
pub(crate) fn stage(name: &'static str) -> Stage {
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
                "timing: {:<12} {:>6} ms {:>6} MiB resident {:>6} ms CPU so far",
                self.name,
                self.started.elapsed().as_millis(),
                resident_mib(),
                cpu_ms()
            );
        }
    }
}

/// The process's resident memory in MiB, where `/proc` tells it (0 elsewhere).
fn resident_mib() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
        .map_or(0, |pages| pages * 4096 / (1024 * 1024))
}

/// CPU time the process has used so far, user and system, in ms (0 where `/proc` is missing).
fn cpu_ms() -> u64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0;
    };
    // Fields after the command name (which is in parentheses and may hold spaces).
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name; 100 ticks/s.
    (ticks(11) + ticks(12)) * 10
}
