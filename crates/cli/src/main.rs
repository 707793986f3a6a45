//! The `newsgraph` command: thin glue over the newsgraph crates. Each subcommand lives in its
//! own module under `cmd/`; `cli.rs` holds the command-line definition.

mod cli;
mod cmd;
mod docs;

use std::process::ExitCode;

use clap::Parser;

/// The outcome of a command that ran: success, or a run that finished with reported failures.
pub enum Outcome {
    /// Everything succeeded.
    Ok,
    /// The run finished, but some inputs failed (already reported).
    Failed,
}

fn main() -> ExitCode {
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
            eprintln!("newsgraph: error: {e:#}");
            ExitCode::from(1)
        }
    }
}
