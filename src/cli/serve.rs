//! `ikplan serve`: starts the local page (see [`crate::serve`]).

use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Porten att lyssna på (standard: en ledig port, som skrivs ut).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Öppna ingen webbläsare; skriv bara ut adressen.
    #[arg(long = "ingen-webblasare", alias = "no-browser")]
    pub ingen_webblasare: bool,
    /// Projektfilen som läses vid start och som valen sparas i när du ber om det
    /// (standard: ikplan.toml i mappen där ikplan startades).
    #[arg(long = "konfig", alias = "config", value_name = "FIL")]
    pub config: Option<PathBuf>,
}

pub fn run(args: &Args) -> u8 {
    crate::serve::run(&crate::serve::ServeOptions {
        port: args.port,
        open_browser: !args.ingen_webblasare,
        project_file: args
            .config
            .clone()
            .unwrap_or_else(|| PathBuf::from(super::config::PROJECT_FILE)),
    })
}
