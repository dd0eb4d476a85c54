//! The `ikplan` command: parses arguments, runs the subcommand, maps the outcome to an exit
//! code (0 fine, 1 findings of severity `fel` when asked to fail on them, 2 unreadable input).

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(ikplan::cli::main())
}
