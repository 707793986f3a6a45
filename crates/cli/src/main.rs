//! The `newsgraph` command: thin glue over the newsgraph crates. Each subcommand lives in its
//! own module under `cmd/`; `cli.rs` holds the command-line definition.

mod cli;
mod cmd;
mod docs;
mod report;
mod stream;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: extraction allocates and frees millions of small strings and vectors per
/// megabyte, which glibc's malloc served at about a fifth of the extractor's time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The outcome of a command that ran: success, or a run that finished with reported failures.
pub enum Outcome {
    /// Everything succeeded.
    Ok,
    /// The run finished, but some inputs failed (already reported).
    Failed,
}

/// A mistake in how the command was called, found before any work: exit status 2, as for the
/// options the parser itself refuses.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Bails out of a command with a [`Usage`] error.
#[macro_export]
macro_rules! usage {
    ($($arg:tt)*) => {
        return Err(anyhow::Error::new($crate::Usage(format!($($arg)*))))
    };
}

fn main() -> ExitCode {
    report::install_panic_hook();
    let args = cli::Cli::parse();
    match cmd::run(args) {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Failed) => ExitCode::from(1),
        Err(e) => {
            // `newsgraph query … | head` closes the pipe: that is not an error
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) || format!("{e:#}").contains("Broken pipe")
            {
                return ExitCode::SUCCESS;
            }
            say!("newsgraph: error: {}", report::chain(&e));
            if e.chain().any(|c| c.downcast_ref::<Usage>().is_some()) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
