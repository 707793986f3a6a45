//! Benchmarks of extraction's hot paths (gazetteer lookups, tokenising, figures) and of whole
//! documents of several shapes: news-like text (the seeds' paragraphs cycled), text thick
//! with figures, a run of capitalised words without a full stop, and HTML with many titles.
//! `tools/bench_scaling.py` times the release binary on 1 MB and 10 MB documents of the same
//! shapes, to check that time grows linearly with size.
//!
//! Run with `cargo bench -p newsgraph-extract`.

// criterion_group! defines an undocumented public function
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use newsgraph_extract::data::DataSource;
use newsgraph_extract::figure_words::FigureWords;
use newsgraph_extract::{html, quantities, text::Text, Extractor};
use newsgraph_model::{DocMeta, Document};

/// The seeds' body paragraphs, in file order.
fn paragraphs() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../seeds");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the seeds directory is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let text = std::fs::read_to_string(f).expect("a seed is UTF-8 text");
            text.split("\n\n")
                .map(str::trim)
                // body paragraphs only: furniture (a copyright line, "This article was written
                // by") ends an article
                .filter(|p| {
                    p.split_whitespace().count() >= 12
                        && !["Copyright", "©", "This article"]
                            .iter()
                            .any(|s| p.starts_with(s))
                })
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Pieces cycled until the text reaches `size` bytes.
fn cycle(pieces: &[String], sep: &str, size: usize) -> String {
    let mut out = String::with_capacity(size + 1024);
    for p in pieces.iter().cycle() {
        if out.len() >= size {
            break;
        }
        out.push_str(p);
        out.push_str(sep);
    }
    out
}

fn news(size: usize) -> String {
    cycle(&paragraphs(), "\n\n", size)
}

/// Sentences of many figures (a small linear congruential generator keeps them varied and the
/// same at every run).
fn numbers(size: usize, stops: bool) -> String {
    let mut x: u64 = 7;
    let mut next = |n: u64| {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (x >> 33) % n
    };
    let mut out = String::new();
    while out.len() < size {
        out.push_str("The county reported ");
        for k in 0..8 + next(20) {
            if k > 0 {
                out.push_str(", ");
            }
            let figure = match next(5) {
                0 => format!("{} arrests", 2 + next(998)),
                1 => format!("${}.{} million", 1 + next(98), next(10)),
                2 => format!("{} percent of {} cases", 1 + next(98), 100 + next(9900)),
                3 => format!("{} of {} counties", 1 + next(8), 10 + next(50)),
                _ => format!("{} officers", 2 + next(498)),
            };
            out.push_str(&figure);
        }
        out.push_str(if stops { ". " } else { ", " });
    }
    out
}

fn capitalised_run(size: usize) -> String {
    let words = [
        "Governor",
        "Smith",
        "Council",
        "Department",
        "Justice",
        "Chicago",
        "New",
        "York",
        "Board",
        "Sheriff",
        "County",
        "Immigration",
        "Federal",
        "Court",
        "Mayor",
        "Adams",
    ];
    let pieces: Vec<String> = (0..words.len() * 7)
        .map(|i| words[(i * 5 + i / 3) % words.len()].to_owned())
        .collect();
    cycle(&pieces, " ", size)
}

fn titled_html(size: usize) -> String {
    let pieces: Vec<String> = (0..100)
        .map(|i| {
            format!(
                "<title>State sues EPA {i}</title><p>The state of Texas sued the city of Austin on Monday, officials said.</p>\n"
            )
        })
        .collect();
    format!("<html><head>{}</head></html>", cycle(&pieces, "", size))
}

fn doc(text: String) -> Document {
    Document {
        id: "bench".into(),
        text,
        meta: DocMeta::default(),
    }
}

fn hot_paths(c: &mut Criterion) {
    let ex = Extractor::new().expect("the embedded data loads");
    let text = news(100_000);
    let mut g = c.benchmark_group("hot");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("gazetteer_find", |b| {
        b.iter(|| ex.gazetteer.find(black_box(&text)));
    });
    g.bench_function("text_new", |b| b.iter(|| Text::new(black_box(&text))));
    let words = FigureWords::load(&DataSource::Embedded).expect("the embedded data loads");
    let figures = numbers(100_000, true);
    g.throughput(Throughput::Bytes(figures.len() as u64));
    g.bench_function("quantities_find", |b| {
        b.iter(|| {
            figures
                .split(". ")
                .map(|s| quantities::find(&words, black_box(s), 0).len())
                .sum::<usize>()
        });
    });
    g.finish();
}

fn documents(c: &mut Criterion) {
    let ex = Extractor::new().expect("the embedded data loads");
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    let size = 200_000;
    let shapes = [
        ("news", doc(news(size))),
        ("numbers", doc(numbers(size, true))),
        ("numbers_run", doc(numbers(size / 4, false))),
        ("capitalised_run", doc(capitalised_run(size))),
    ];
    for (name, d) in &shapes {
        g.throughput(Throughput::Bytes(d.text.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(name), d, |b, d| {
            b.iter(|| ex.extract(black_box(d)));
        });
    }
    let page = titled_html(size);
    g.throughput(Throughput::Bytes(page.len() as u64));
    g.bench_function("titled_html", |b| {
        b.iter(|| ex.extract(&doc(html::to_text(black_box(&page)).text)));
    });
    g.finish();
}

criterion_group!(benches, hot_paths, documents);
criterion_main!(benches);
