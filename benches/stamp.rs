//! The stamp's speed: the Lens deliberation (a small real-world shape), a
//! 200-page document, and a hostile page dictionary of 50 000 keys with
//! 20 000 taken resource names (linear, not quadratic, work).

use std::hint::black_box;

use actes::pdf::{stamp, Pages, StampOptions, StampText};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn text() -> StampText {
    StampText {
        id_acte: "062-216204982-20221214-DLB12_14122022-DE".into(),
        sent: chrono::NaiveDate::from_ymd_opt(2022, 12, 19),
        received: chrono::NaiveDate::from_ymd_opt(2022, 12, 19),
        published: None,
    }
}

/// A PDF from its object bodies, with a correct xref table.
fn pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn many_pages(n: usize) -> Vec<u8> {
    let kids: String = (0..n).map(|i| format!("{} 0 R ", i + 3)).collect();
    let mut objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        format!("<< /Type /Pages /Kids [{kids}] /Count {n} /MediaBox [0 0 595 842] >>"),
    ];
    for _ in 0..n {
        objects.push("<< /Type /Page /Parent 2 0 R /Resources << >> >>".to_string());
    }
    pdf(&objects)
}

fn hostile() -> Vec<u8> {
    let keys: String = (0..50_000).map(|i| format!("/K{i} {i} ")).collect();
    let fonts: String = (0..20_000)
        .map(|i| match i {
            0 => "/ActesStampF 4 0 R ".to_string(),
            _ => format!("/ActesStampF{i} 4 0 R "),
        })
        .collect();
    pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        format!(
            "<< /Type /Page /Parent 2 0 R /X << {keys} >> /Resources << /Font << {fonts} >> >> >>"
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ])
}

fn bench(c: &mut Criterion) {
    let lens = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/lens/deliberation.pdf"
    ))
    .unwrap_or_default();
    let pages = many_pages(200);
    let hostile = hostile();
    let all = StampOptions {
        pages: Pages::All,
        ..StampOptions::default()
    };
    let mut g = c.benchmark_group("stamp");
    for (name, data, options) in [
        ("lens_first_page", &lens, StampOptions::default()),
        ("200_pages_all", &pages, all),
        ("hostile_50000_keys", &hostile, StampOptions::default()),
    ] {
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| stamp(black_box(data), &text(), &options).map(|o| o.len()));
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
