//! Messages on standard error that never fail the run: a closed or full standard error
//! (`2>&-`, a dead terminal) loses the message, not the work. `eprintln!` would panic.

use std::cell::{Cell, RefCell};
use std::io::Write;

/// Writes one line to standard error, ignoring any failure to write it.
pub fn line(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args);
    let _ = err.write_all(b"\n");
}

/// `say!("…", args)`: one line on standard error, never a panic.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::report::line(format_args!($($arg)*))
    };
}

thread_local! {
    /// Set while a thread runs code whose panics are caught and reported by name.
    static CAPTURING: Cell<bool> = const { Cell::new(false) };
    /// The last panic caught on this thread, with where it happened.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs a panic hook that writes through [`line`] (so that a panic with standard error
/// closed does not abort), and that stays silent where [`catching`] reports the panic itself.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let message = info.to_string().replace('\n', " ");
        if CAPTURING.with(Cell::get) {
            LAST_PANIC.with(|l| {
                if let Ok(mut l) = l.try_borrow_mut() {
                    *l = Some(message);
                }
            });
        } else {
            line(format_args!("newsgraph: internal error: {message}"));
        }
    }));
}

/// Runs `f`, turning a panic into an error that says what panicked and where.
pub fn catching<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let was = CAPTURING.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    CAPTURING.with(|c| c.set(was));
    result.map_err(|payload| {
        LAST_PANIC
            .with(|l| l.try_borrow_mut().ok().and_then(|mut l| l.take()))
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_owned())
    })
}

/// An error and its causes, joined by `: `, each said once: a cause whose text its context
/// already ends with ("x: File exists (os error 17)" over "File exists (os error 17)") is
/// not repeated.
pub fn chain(e: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if text.is_empty() || out.ends_with(&text) || out.contains(&format!("{text}: ")) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_repeated_by_its_context_is_said_once() {
        let io = std::io::Error::from_raw_os_error(17);
        let e = anyhow::Error::new(io).context(format!(
            "newsgraph-store: {}",
            std::io::Error::from_raw_os_error(17)
        ));
        let text = chain(&e);
        assert_eq!(text.matches("os error 17").count(), 1, "{text}");
        let e = anyhow::anyhow!("disk full").context("writing the snapshot");
        assert_eq!(chain(&e), "writing the snapshot: disk full");
    }
}
