//! Benchmarks of language detection on real short and long texts per language.

use citra_langid::LangDetector;
use citra_model::Lang;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// (name, text, expected language): short real posts and one long article excerpt per language.
const TEXTS: &[(&str, &str, Lang)] = &[
    ("en_short", "Economy is BOOMING. Seems set to have yet another record day!", Lang::Eng),
    (
        "en_tweet",
        "This is the time for Mexico, with the help of the United States, to wage WAR on the drug cartels and wipe them off the face of the earth. We merely await a call from your great new president!",
        Lang::Eng,
    ),
    ("id_short", "Selamat Hari Guru Nasional. Terima kasih, Bapak dan Ibu Guru.", Lang::Ind),
    (
        "id_tweet",
        "Indonesia mengecam keras pengakuan sepihak Amerika Serikat terhadap Jerusalem sebagai ibu kota Israel. Pengakuan itu melanggar resolusi DK dan Majelis Umum PBB.",
        Lang::Ind,
    ),
    (
        "es_short",
        "Moscú: Rusia no planeaba repostar de combustible el portaviones Admiral Kuznetsov en un puerto español https://t.co/Y4X7Wi3GeE",
        Lang::Spa,
    ),
    ("ru_short", "Президент Сингапура распустил парламент http://t.co/vAaIVkHu3H", Lang::Rus),
    ("de_short", "Die Bundesregierung will die Grenzkontrollen noch einmal verlängern", Lang::Deu),
    ("id_long", include_str!("../tests/fixtures/id-kompasiana-excerpt.txt"), Lang::Ind),
];

fn bench(c: &mut Criterion) {
    let d = LangDetector::shared();
    for (name, text, want) in TEXTS {
        assert_eq!(d.detect(text, None).0.lang, *want, "{name}");
    }
    let mut g = c.benchmark_group("langid");
    for (name, text, _) in TEXTS {
        g.bench_function(*name, |b| b.iter(|| d.detect(black_box(text), None)));
    }
    g.bench_function("sentences_id_long", |b| {
        b.iter(|| d.detect_sentences(black_box(TEXTS[7].1), None))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
