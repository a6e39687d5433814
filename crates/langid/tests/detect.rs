//! Table-driven tests on short real-looking posts, mixed-language posts, and properties.

use citra_langid::LangDetector;
use citra_model::Lang;
use proptest::prelude::*;

#[test]
fn short_posts() {
    let rows: &[(&str, &str, Lang)] = &[
        // Indonesian
        (
            "id010",
            "Indonesia mengecam keras pengakuan sepihak Amerika Serikat terhadap Jerusalem",
            Lang::Ind,
        ),
        ("id020", "Selamat Hari Guru, terima kasih bapak ibu guru", Lang::Ind),
        ("id030", "@jokowi semoga sukses pak, kami bangga!", Lang::Ind),
        ("id040", "gak nyangka banget sih, kok bisa gitu ya", Lang::Ind),
        (
            "id050",
            "Tembok perbatasan AS-Meksiko akan dibangun https://t.co/abc #BuildTheWall",
            Lang::Ind,
        ),
        // English
        ("en010", "Economy is BOOMING. Seems set to have yet another record day!", Lang::Eng),
        ("en020", "Mexico is sending drugs into our country. Build the wall!", Lang::Eng),
        ("en030", "@user I don't think that's what he meant", Lang::Eng),
        ("en040", "Thank you Indonesia! It was a great honor to be here.", Lang::Eng),
        // Spanish
        ("es010", "México no pagará por ese muro, dijo el presidente", Lang::Spa),
        ("es020", "¿Qué pasa con la frontera? Nadie sabe nada", Lang::Spa),
        ("es030", "Gracias a todos por su apoyo en esta campaña", Lang::Spa),
        // Others of the IRA sample
        ("ru010", "Президент Сингапура распустил парламент http://t.co/vAaIVkHu3H", Lang::Rus),
        ("ru020", "В Подмосковье девочка упала с поезда", Lang::Rus),
        ("uk010", "Україна це Європа! Слава Україні", Lang::Ukr),
        ("de010", "Die Bundesregierung will die Grenzkontrollen noch einmal verlängern", Lang::Deu),
        ("de020", "Das ist nicht gut für uns", Lang::Deu),
        ("it010", "Serie A: il Napoli batte 3-0 la Lazio, doppietta di Insigne", Lang::Ita),
        ("fr010", "Le président a annoncé une nouvelle loi sur l'immigration", Lang::Fra),
        ("pt010", "O governo não vai aceitar essa proposta, disse o ministro", Lang::Por),
        ("nl010", "Het is niet zo dat we daar geen geld voor hebben", Lang::Nld),
        ("ar010", "مصر والسعودية تتفقان على التعاون", Lang::Ara),
        ("fa010", "ایران و آمریکا گفتگو کردند", Lang::Fas),
        ("ja010", "日本の首相が訪問しました", Lang::Jpn),
        ("zh010", "中国外交部发言人表示", Lang::Zho),
        ("ko010", "한국 정부는 발표했다", Lang::Kor),
        ("vi010", "Việt Nam và Hoa Kỳ ký hiệp định thương mại", Lang::Vie),
        // Nothing but hashtags: their words still tell the script.
        ("tag010", "#ОдинНарод https://t.co/x", Lang::Rus),
        ("tr010", "Türkiye ve Rusya arasında yeni bir anlaşma imzalandı", Lang::Tur),
        // Malaysian Malay stays Malay only when clearly Malaysian.
        (
            "ms010",
            "Kerajaan Malaysia kata polis sahaja boleh buat, kerana undang-undang",
            Lang::Msa,
        ),
        ("ms020", "Saya tidak tahu apa yang terjadi di sana", Lang::Ind),
    ];
    let d = LangDetector::shared();
    for (name, text, want) in rows {
        let (g, _) = d.detect(text, None);
        assert_eq!(g.lang, *want, "{name}: {text:?} ({g:?})");
        assert!((0.0..=1.0).contains(&g.confidence), "{name}");
    }
}

#[test]
fn undetermined() {
    let rows: &[(&str, &str)] = &[
        ("und010", ""),
        ("und020", "🇲🇽🔥🔥"),
        ("und030", "https://t.co/FVSKMc9x48"),
        ("und040", "@user @other https://t.co/x"),
        ("und050", "12:30 !!! ..."),
        ("und060", "ok"),
    ];
    let d = LangDetector::shared();
    for (name, text) in rows {
        let (g, diags) = d.detect(text, Some(Lang::Eng));
        assert_eq!(g.lang, Lang::Und, "{name}");
        assert_eq!(g.confidence, 0.0, "{name}");
        assert_eq!(diags.len(), 1, "{name}");
        assert_eq!(diags[0].code, "lang-undetermined", "{name}");
    }
}

#[test]
fn hint_breaks_ties_only() {
    let d = LangDetector::shared();
    // A strong text ignores a wrong hint.
    let rows: &[(&str, &str, Option<Lang>, Lang)] = &[
        (
            "hint010",
            "Indonesia mengecam keras pengakuan sepihak Amerika Serikat",
            Some(Lang::Eng),
            Lang::Ind,
        ),
        (
            "hint020",
            "This is the time for Mexico to wage war on the cartels",
            Some(Lang::Ind),
            Lang::Eng,
        ),
        ("hint030", "Yo no sé nada de eso, pero es muy triste", Some(Lang::Por), Lang::Spa),
        // Malay hints fold into Indonesian.
        ("hint040", "Jakarta Bandung Surabaya", Some(Lang::Msa), Lang::Ind),
    ];
    for (name, text, hint, want) in rows {
        assert_eq!(d.detect(text, *hint).0.lang, *want, "{name}");
    }
}

#[test]
fn mixed_sentences() {
    let rows: &[(&str, &str, &[Lang])] = &[
        (
            "mix010",
            "Terima kasih Presiden Trump. We love Indonesia so much!",
            &[Lang::Ind, Lang::Eng],
        ),
        (
            "mix020",
            "Build the wall now! México no va a pagar por ese muro.",
            &[Lang::Eng, Lang::Spa],
        ),
        (
            "mix030",
            "Kami menolak keputusan itu karena tidak adil bagi rakyat kita.\nThe decision is wrong.\nOk.",
            &[Lang::Ind, Lang::Eng, Lang::Ind],
        ),
        ("mix040", "Saya sudah makan. Kamu sudah belum?", &[Lang::Ind, Lang::Ind]),
        ("mix050", "", &[]),
    ];
    let d = LangDetector::shared();
    for (name, text, want) in rows {
        let got = d.detect_sentences(text, None);
        let langs: Vec<Lang> = got.iter().map(|(_, g)| g.lang).collect();
        assert_eq!(langs, *want, "{name}");
        for (span, _) in got {
            assert!(span.slice(text).is_some(), "{name}");
        }
    }
}

proptest! {
    #[test]
    fn total_on_arbitrary_unicode(s in "\\PC{0,100}") {
        let d = LangDetector::shared();
        let (g, _) = d.detect(&s, None);
        prop_assert!((0.0..=1.0).contains(&g.confidence));
        let mut last = 0;
        for (span, g) in d.detect_sentences(&s, Some(Lang::Ind)) {
            prop_assert!(span.slice(&s).is_some());
            prop_assert!(span.start >= last);
            prop_assert!((0.0..=1.0).contains(&g.confidence));
            last = span.end;
        }
    }
}
