//! The `ikplan` command: parses arguments, runs the subcommand, maps the outcome to an exit
//! code (0 fine, 1 findings of severity `fel` when asked to fail on them, 2 unreadable input).

use std::process::ExitCode;

fn main() -> ExitCode {
    // A reader that gives up on a malformed file by panicking is caught and reported as a
    // one-line error naming the file, and the workbook writer's panic on a full `TMPDIR` is
    // caught and the workbook built in memory; only a panic elsewhere (a bug) is printed,
    // on one line.
    std::panic::set_hook(Box::new(|info| {
        if !ikplan::read::workbook::in_guarded_read() && !ikplan::write::xlsx::in_guarded_write() {
            eprintln!("fel: internt fel i ikplan: {info}");
        }
    }));
    // Stopped by SIGINT or SIGTERM, a run removes its temporary files and folders
    // (`.ikplan-*.tmp`, some hundred MB for a large output) and its locks, then exits with
    // 130 as a shell does for an interrupted command. The handler runs on a thread of its
    // own, so it may remove files.
    let _ = ctrlc::set_handler(|| {
        ikplan::write::remove_pending();
        std::process::exit(130);
    });
    ExitCode::from(ikplan::cli::main())
}
