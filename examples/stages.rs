//! Where the time goes: times each pipeline stage on one file.
//!
//! ```sh
//! cargo run --release --example stages -- FILE
//! ```

use std::time::Instant;

/// Peak resident memory so far (VmHWM), in MiB; 0 where /proc is missing.
fn peak_mib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib / 1024)
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: stages FILE");
    let t = Instant::now();
    let bytes = std::fs::read(&path).expect("read file");
    let source = ikplan::read::read_bytes(&bytes, &path).expect("readable input");
    let t_read = t.elapsed();
    let m_read = peak_mib();
    let t = Instant::now();
    let mut lay = ikplan::layout::layout_owned(source);
    let t_layout = t.elapsed();
    let m_layout = peak_mib();
    let t = Instant::now();
    let opts = ikplan::normalize::assemble::Options {
        id_base: "x".into(),
        ..Default::default()
    };
    let (docs, _) = ikplan::normalize::assemble::assemble(&mut lay, &opts);
    let t_assemble = t.elapsed();
    let m_assemble = peak_mib();
    let t = Instant::now();
    let findings = ikplan::rules::check(&docs, &lay, &ikplan::rules::RuleOptions::default());
    let t_rules = t.elapsed();
    let m_rules = peak_mib();
    let out = ikplan::model::Output {
        schema: ikplan::model::SCHEMA.into(),
        dokument: docs,
        anmarkningar: findings,
    };
    let t = Instant::now();
    // As the CSV folder is written: each entity table straight from the model (here into
    // memory, one after the other).
    let csv: usize = ikplan::write::tables::Entity::ALL
        .iter()
        .map(|e| {
            let mut buf = Vec::new();
            ikplan::write::csv::write_entity_csv(&out, *e, Default::default(), &mut buf)
                .map(|()| buf.len())
                .unwrap_or(0)
        })
        .sum();
    let t_csv = t.elapsed();
    let m_csv = peak_mib();
    let t = Instant::now();
    let json = ikplan::write::json::to_json(&out).len();
    let t_json = t.elapsed();
    let t = Instant::now();
    let xlsx = ikplan::write::xlsx::to_xlsx(&out)
        .map(|b| b.len())
        .unwrap_or(0);
    let t_xlsx = t.elapsed();
    println!("stage         time   peak RSS so far");
    println!("read      {t_read:>10.2?}  {m_read} MiB");
    println!("layout    {t_layout:>10.2?}  {m_layout} MiB");
    println!("assemble  {t_assemble:>10.2?}  {m_assemble} MiB");
    println!("rules     {t_rules:>10.2?}  {m_rules} MiB");
    println!("csv       {t_csv:>10.2?}  {m_csv} MiB  ({csv} bytes)");
    println!("json      {t_json:>10.2?}  ({json} bytes)");
    println!("xlsx      {t_xlsx:>10.2?}  ({xlsx} bytes)");
}
