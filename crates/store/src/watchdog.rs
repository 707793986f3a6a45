//! Bounds on a running query: a wall-clock timeout and a ceiling on the process's resident
//! memory. A thread watches the query while its results are read and cancels it through
//! Oxigraph's cancellation token when either bound is passed; the query then fails with
//! "cancelled", and [`Watchdog::fired`] says why.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use oxigraph::sparql::CancellationToken;

/// How long and how large a query may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time from the start of evaluation to the last result read.
    pub timeout: Option<Duration>,
    /// Resident memory of the whole process, in bytes (Linux; ignored elsewhere).
    pub max_memory: Option<u64>,
}

impl Default for Limits {
    /// 60 seconds and 8 GiB: generous for real questions, a stop for runaway products.
    fn default() -> Self {
        Limits {
            timeout: Some(Duration::from_secs(60)),
            max_memory: Some(8 << 30),
        }
    }
}

/// Why a watchdog cancelled its query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fired {
    /// The timeout passed.
    Timeout(Duration),
    /// Resident memory passed the ceiling.
    Memory(u64),
}

impl std::fmt::Display for Fired {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fired::Timeout(d) => write!(
                f,
                "the query was stopped after {} s (raise --timeout to let it run longer)",
                d.as_secs_f64()
            ),
            Fired::Memory(m) => write!(
                f,
                "the query was stopped when the process reached {} MiB (raise --max-memory to let it grow)",
                m >> 20
            ),
        }
    }
}

/// Watches one query; stops watching when dropped.
#[derive(Debug)]
pub struct Watchdog {
    done: Arc<AtomicBool>,
    fired: Arc<AtomicU8>,
    limits: Limits,
    thread: Option<JoinHandle<()>>,
}

const TICK: Duration = Duration::from_millis(20);

impl Watchdog {
    /// Starts watching: cancels `token` when a bound of `limits` is passed.
    pub fn start(limits: Limits, token: CancellationToken) -> Watchdog {
        let done = Arc::new(AtomicBool::new(false));
        let fired = Arc::new(AtomicU8::new(0));
        let thread = (limits.timeout.is_some() || limits.max_memory.is_some()).then(|| {
            let (done, fired) = (done.clone(), fired.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                while !done.load(Ordering::Relaxed) {
                    if limits.timeout.is_some_and(|t| started.elapsed() >= t) {
                        fired.store(1, Ordering::Relaxed);
                        token.cancel();
                        return;
                    }
                    if limits
                        .max_memory
                        .is_some_and(|m| resident_bytes().is_some_and(|r| r > m))
                    {
                        fired.store(2, Ordering::Relaxed);
                        token.cancel();
                        return;
                    }
                    std::thread::park_timeout(TICK);
                }
            })
        });
        Watchdog {
            done,
            fired,
            limits,
            thread,
        }
    }

    /// Why the query was cancelled, if it was.
    pub fn fired(&self) -> Option<Fired> {
        match self.fired.load(Ordering::Relaxed) {
            1 => self.limits.timeout.map(Fired::Timeout),
            2 => self.limits.max_memory.map(Fired::Memory),
            _ => None,
        }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}

/// The resident set size of this process (Linux `/proc/self/statm`).
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_timeout_cancels_the_token() {
        let token = CancellationToken::new();
        let dog = Watchdog::start(
            Limits {
                timeout: Some(Duration::from_millis(30)),
                max_memory: None,
            },
            token.clone(),
        );
        let t0 = Instant::now();
        while !token.is_cancelled() && t0.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(token.is_cancelled());
        assert!(matches!(dog.fired(), Some(Fired::Timeout(_))));
    }

    #[test]
    fn a_memory_ceiling_below_the_process_cancels_the_token() {
        let token = CancellationToken::new();
        let dog = Watchdog::start(
            Limits {
                timeout: None,
                max_memory: Some(1),
            },
            token.clone(),
        );
        let t0 = Instant::now();
        while !token.is_cancelled() && t0.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(token.is_cancelled());
        assert_eq!(dog.fired(), Some(Fired::Memory(1)));
    }

    #[test]
    fn a_finished_query_is_not_cancelled() {
        let token = CancellationToken::new();
        drop(Watchdog::start(Limits::default(), token.clone()));
        assert!(!token.is_cancelled());
    }
}
