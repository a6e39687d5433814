//! Scripts of letters, and the languages a script alone decides.

use citra_model::Lang;
use citra_model::segment::is_alphabetic as seg_is_alpha;

/// The writing systems the detector tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
    Hebrew,
    Devanagari,
    Bengali,
    Thai,
    Georgian,
    Armenian,
    Hangul,
    Kana,
    Han,
    Other,
}

impl Script {
    /// Number of variants, for counting arrays.
    pub(crate) const COUNT: usize = 14;

    /// Index for counting arrays.
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// Every variant, in index order.
    pub(crate) const ALL: [Script; Script::COUNT] = [
        Script::Latin,
        Script::Cyrillic,
        Script::Greek,
        Script::Arabic,
        Script::Hebrew,
        Script::Devanagari,
        Script::Bengali,
        Script::Thai,
        Script::Georgian,
        Script::Armenian,
        Script::Hangul,
        Script::Kana,
        Script::Han,
        Script::Other,
    ];
}

/// The script of a letter, or `None` for characters that are not letters of a script.
pub(crate) fn script_of(c: char) -> Option<Script> {
    let u = c as u32;
    let s = match u {
        0x41..=0x5a | 0x61..=0x7a => Script::Latin,
        0..=0x7f => return None,
        0xc0..=0x24f | 0x1e00..=0x1eff => {
            if seg_is_alpha(c) {
                Script::Latin
            } else {
                return None;
            }
        }
        0x370..=0x3ff | 0x1f00..=0x1fff => Script::Greek,
        0x400..=0x52f => Script::Cyrillic,
        0x530..=0x58f => Script::Armenian,
        0x590..=0x5ff => Script::Hebrew,
        0x600..=0x6ff | 0x750..=0x77f | 0xfb50..=0xfdff | 0xfe70..=0xfeff => Script::Arabic,
        0x900..=0x97f => Script::Devanagari,
        0x980..=0x9ff => Script::Bengali,
        0xe00..=0xe7f => Script::Thai,
        0x10a0..=0x10ff => Script::Georgian,
        0x1100..=0x11ff | 0x3130..=0x318f | 0xac00..=0xd7af => Script::Hangul,
        0x3040..=0x30ff | 0x31f0..=0x31ff => Script::Kana,
        0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0x20000..=0x2ffff => Script::Han,
        _ => {
            if seg_is_alpha(c) {
                Script::Other
            } else {
                return None;
            }
        }
    };
    if s == Script::Arabic && !seg_is_alpha(c) {
        return None; // Arabic punctuation and digits
    }
    Some(s)
}

/// The language of a text written in a script that decides it (all but Latin and Cyrillic),
/// given its letter counts per script.
pub(crate) fn decided_by_script(
    script: Script,
    words: &[&str],
    counts: &[usize; Script::COUNT],
) -> Option<Lang> {
    Some(match script {
        Script::Greek => Lang::Ell,
        Script::Hebrew => Lang::Heb,
        Script::Devanagari => Lang::Hin,
        Script::Bengali => Lang::Ben,
        Script::Thai => Lang::Tha,
        Script::Georgian => Lang::Kat,
        Script::Armenian => Lang::Hye,
        Script::Hangul => Lang::Kor,
        Script::Kana => Lang::Jpn,
        Script::Han => {
            // Japanese mixes kana into Han text.
            if counts[Script::Kana.index()] * 10 >= counts[Script::Han.index()] {
                Lang::Jpn
            } else {
                Lang::Zho
            }
        }
        Script::Arabic => arabic(words.iter().flat_map(|w| w.chars())),
        Script::Latin | Script::Cyrillic | Script::Other => return None,
    })
}

/// Arabic, Persian or Urdu, by the letters particular to each.
fn arabic(chars: impl Iterator<Item = char>) -> Lang {
    let (mut urdu, mut persian, mut arabic) = (0u32, 0u32, 0u32);
    for c in chars {
        match c {
            // ٹ ڈ ڑ ں ے ۓ ھ
            '\u{679}' | '\u{688}' | '\u{691}' | '\u{6ba}' | '\u{6d2}' | '\u{6d3}' | '\u{6be}' => {
                urdu += 2
            }
            // پ چ ژ گ ک ی (shared by Persian and Urdu)
            '\u{67e}' | '\u{686}' | '\u{698}' | '\u{6af}' | '\u{6a9}' | '\u{6cc}' => persian += 1,
            // ة ي ك ى ؤ, and the definite article's alef-lam come out in the counts as letters
            '\u{629}' | '\u{64a}' | '\u{643}' | '\u{649}' | '\u{624}' => arabic += 1,
            _ => {}
        }
    }
    if urdu > 0 && urdu * 2 >= persian {
        Lang::Urd
    } else if persian > arabic {
        Lang::Fas
    } else {
        Lang::Ara
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts() {
        let rows: &[(&str, char, Option<Script>)] = &[
            ("basic010", 'a', Some(Script::Latin)),
            ("basic020", 'ñ', Some(Script::Latin)),
            ("basic030", 'ж', Some(Script::Cyrillic)),
            ("basic040", 'م', Some(Script::Arabic)),
            ("basic050", '中', Some(Script::Han)),
            ("basic060", 'の', Some(Script::Kana)),
            ("basic070", '한', Some(Script::Hangul)),
            ("basic080", '1', None),
            ("basic090", '🔥', None),
            ("basic100", '×', None),
        ];
        for (name, c, want) in rows {
            assert_eq!(script_of(*c), *want, "{name}");
        }
    }

    #[test]
    fn arabic_script() {
        let rows: &[(&str, &str, Lang)] = &[
            ("ar010", "مصر والسعودية تتفقان على التعاون", Lang::Ara),
            ("fa010", "ایران و آمریکا گفتگو کردند", Lang::Fas),
            ("ur010", "پاکستان اور بھارت کے درمیان بات چیت", Lang::Urd),
        ];
        for (name, text, want) in rows {
            assert_eq!(arabic(text.chars()), *want, "{name}");
        }
    }
}
