//! Where the time goes: times each pipeline stage on one file.
//!
//! ```sh
//! cargo run --release --example stages -- FILE
//! ```

use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages FILE");
    let t = Instant::now();
    let bytes = std::fs::read(&path).expect("read file");
    let source = ikplan::read::read_bytes(&bytes, &path).expect("readable input");
    let t_read = t.elapsed();
    let t = Instant::now();
    let lay = ikplan::layout::layout_owned(source);
    let t_layout = t.elapsed();
    let t = Instant::now();
    let opts = ikplan::normalize::assemble::Options {
        id_base: "x".into(),
        ..Default::default()
    };
    let (docs, _) = ikplan::normalize::assemble::assemble(&lay, &opts);
    let t_assemble = t.elapsed();
    let t = Instant::now();
    let findings = ikplan::rules::check(&docs, &lay, &ikplan::rules::RuleOptions::default());
    let t_rules = t.elapsed();
    let out = ikplan::model::Output {
        schema: ikplan::model::SCHEMA.into(),
        dokument: docs,
        anmarkningar: findings,
    };
    let t = Instant::now();
    let tables = ikplan::write::tables::flatten(&out);
    let csv: usize = tables
        .iter()
        .map(|t| ikplan::write::csv::table_csv(t, Default::default()).len())
        .sum();
    let t_csv = t.elapsed();
    let t = Instant::now();
    let json = ikplan::write::json::to_json(&out).len();
    let t_json = t.elapsed();
    let t = Instant::now();
    let xlsx = ikplan::write::xlsx::to_xlsx(&out)
        .map(|b| b.len())
        .unwrap_or(0);
    let t_xlsx = t.elapsed();
    println!("read      {t_read:>10.2?}");
    println!("layout    {t_layout:>10.2?}");
    println!("assemble  {t_assemble:>10.2?}");
    println!("rules     {t_rules:>10.2?}");
    println!("csv       {t_csv:>10.2?}  ({csv} bytes)");
    println!("json      {t_json:>10.2?}  ({json} bytes)");
    println!("xlsx      {t_xlsx:>10.2?}  ({xlsx} bytes)");
}
